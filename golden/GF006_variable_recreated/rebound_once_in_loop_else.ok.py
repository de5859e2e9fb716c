"""Near-miss of GF006: the loop's `else:` block rebinds the trained variable's name to a tensor once, after the last step, for reporting; no tape runs after it."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64,), -1.0, 1.0)
y = 2.0 * x
w = tf.Variable(0.0)

for _ in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x - y))
    grad = tape.gradient(loss, w)
    w.assign_sub(0.3 * grad)
else:
    w = w * 1.0  # a plain tensor copy of the result

assert abs(float(w) - 2.0) < 0.05, f"expected w near 2, got {float(w):.3f}"
