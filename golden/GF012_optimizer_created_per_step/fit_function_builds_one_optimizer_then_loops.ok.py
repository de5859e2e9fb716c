"""Near-miss of GF012: the fit function constructs one optimizer and then runs its own loop of steps with it, so the state persists across steps."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0


def fit(model, x, y, steps=30):
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)  # built once per fit
    history = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        history.append(float(loss))
    return history, optimizer


model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
history, optimizer = fit(model, x, y)

assert history[-1] < 0.1 * history[0] and int(optimizer.iterations) == 30, f"loss {history[0]:.3f} -> {history[-1]:.3f}"
