"""GF008: a step function takes tf.gradients(loss, w)[0] for a single scalar weight.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = -2x (no bias) with one scalar weight.
x = tf.random.normal((32,))
y = -2.0 * x

w = tf.Variable(0.5)


def train_step(x, y, lr=0.2):
    x = tf.cast(x, tf.float32)  # data preparation, does not touch w
    with tf.GradientTape() as tape:
        residual = w * x - y
        loss = tf.reduce_mean(residual ** 2)
    grad = [tape.gradient(loss, w)][0]  # tf.gradients always returns a list
    w.assign_sub(lr * grad)
    return loss


losses = [float(train_step(x, y)) for _ in range(30)]
assert losses[-1] < 1e-3 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.6f}"
