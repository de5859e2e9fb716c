"""GF009: the update after the batch loop reads a decayed rate computed between the loop and it, so no fix can move it into the loop as is; only each epoch's last batch is applied.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((128,))
y = 2.5 * x + 1.0
w = tf.Variable(0.0)
first = float(tf.reduce_mean(tf.square(w * x - y)))
for epoch in range(3):
    for xb, yb in tf.data.Dataset.from_tensor_slices((x, y)).batch(16):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * xb - yb))
        grad = tape.gradient(loss, w)
    rate = 0.2 * 0.9**epoch
    w.assign_sub(rate * grad)
last = float(tf.reduce_mean(tf.square(w * x - y)))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
