"""GF012: `import keras`; a fit function's loop body constructs its optimizer with a multi-line call (with a comment inside it).

Fails with: AssertionError
"""
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0


def fit(model, x, y, steps=30):
    history = []
    for _ in range(steps):
        opt = keras.optimizers.SGD(
            learning_rate=0.01,
            momentum=0.9,  # heavy-ball momentum
        )
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_weights)
        opt.apply_gradients(zip(grads, model.trainable_weights))
        history.append(float(loss))
    return history


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
history = fit(model, x, y)

assert history[-1] < 0.1 * history[0], f"momentum never built up: loss {history[0]:.3f} -> {history[-1]:.3f}"
