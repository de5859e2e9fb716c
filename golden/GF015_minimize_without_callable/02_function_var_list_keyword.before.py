"""GF015: a step function calls opt.minimize(loss, var_list=[w, b]) with a loss tensor instead of a callable.

Fails with: AttributeError: 'SGD' object has no attribute 'minimize'
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = -2x + 1 with two scalar variables.
x = tf.random.normal((32,))
y = -2.0 * x + 1.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(x, y):
    x = tf.cast(x, tf.float32)  # data preparation, does not touch w or b
    residual = w * x + b - y
    loss = tf.reduce_mean(residual ** 2)
    opt.minimize(loss, var_list=[w, b])
    return float(loss)


losses = [train_step(x, y) for _ in range(30)]
assert losses[-1] < 1e-3 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.6f}"
