"""Near-miss of GF014: the descended-on `x` is a tf.Variable, which the tape watches automatically."""
import tensorflow as tf

tf.random.set_seed(0)

# Least squares by gradient descent: find x minimising |A x - b|^2.
A = tf.random.normal((8, 3))
x_true = tf.constant([1.0, -2.0, 0.5])
b = tf.linalg.matvec(A, x_true)

x = tf.Variable([0.0, 0.0, 0.0])
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.linalg.matvec(A, x) - b))
    g = tape.gradient(loss, x)
    x.assign_sub(0.5 * g)

error = float(tf.reduce_max(tf.abs(x - x_true)))
assert error < 0.05, f"x did not converge to {x_true.numpy()}: got {x.numpy()}"
