"""GF012: a per-step train function builds its SGD-with-momentum optimizer inside, so the velocity restarts at zero on every call.

Fails with: AssertionError
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])


optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    # heavy-ball momentum: small steps that build up speed
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [train_step(x, y) for _ in range(30)]

assert losses[-1] < 0.1 * losses[0], f"momentum never built up: loss {losses[0]:.3f} -> {losses[-1]:.3f}"
