"""Near-miss of GF006: each step wraps the updated value in a new `tf.Variable` (wasteful, but the tape differentiates the variable that exists at that step, and no optimizer holds an old one)."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.Variable(2.0)
for _ in range(60):
    with tf.GradientTape() as tape:
        y = (x - 5.0) ** 2
    grad = tape.gradient(y, x)
    x = tf.Variable(x - 0.1 * grad)

assert abs(float(x) - 5.0) < 0.01, f"expected x near 5, got {float(x):.3f}"
