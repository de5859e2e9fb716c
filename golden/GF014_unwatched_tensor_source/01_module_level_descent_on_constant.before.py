"""GF014: module-level gradient descent on the tensor `x` (a tf.constant) that the tape never watches.

Fails with: TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'
"""
import tensorflow as tf

tf.random.set_seed(0)

# Least squares by gradient descent: find x minimising |A x - b|^2.
A = tf.random.normal((8, 3))
x_true = tf.constant([1.0, -2.0, 0.5])
b = tf.linalg.matvec(A, x_true)

x = tf.constant([0.0, 0.0, 0.0])
for step in range(50):
    with tf.GradientTape() as tape:
        residual = tf.linalg.matvec(A, x) - b
        loss = tf.reduce_mean(tf.square(residual))
    g = tape.gradient(loss, x)
    x = x - 0.5 * g

error = float(tf.reduce_max(tf.abs(x - x_true)))
assert error < 0.05, f"x did not converge to {x_true.numpy()}: got {x.numpy()}"
