"""Near-miss of GF014: the loss scale is a constant listed among the sources, but only the weight's gradient (index 1) is ever read."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x
scale = tf.constant(2.0)
w = tf.Variable(0.0)


def step(lr=0.05):
    with tf.GradientTape() as tape:
        loss = scale * tf.reduce_mean(tf.square(w * x - y))
    grads = tape.gradient(loss, [scale, w])  # the scale's entry is None and unused
    w.assign_sub(lr * grads[1])
    return float(loss)


first = step()
for _ in range(60):
    last = step()
assert last < first * 0.05 and abs(float(w) - 3.0) < 0.1, f"training failed: {first} -> {last}, w={float(w)}"
