"""GF006: a fit function updates its variable with `-=`, which TensorFlow refuses (in older versions it rebinds the name to a tensor the tape stops tracking).

Fails with: RuntimeError: `variable -= value` with `tf.Variable`s is not supported.
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit_scale(inputs, targets, steps=60, learning_rate=0.5):
    """Find the scale s minimising mean((s * inputs - targets)^2) by gradient descent."""
    scale = tf.Variable(0.0, name="scale")
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(scale * inputs - targets))
        grad = tape.gradient(loss, scale)
        scale -= learning_rate * grad  # descend
    return float(scale)


inputs = tf.random.uniform((32,), 0.5, 1.5)
found = fit_scale(inputs, 4.0 * inputs)
assert abs(found - 4.0) < 0.05, f"expected a scale near 4, got {found:.3f}"
