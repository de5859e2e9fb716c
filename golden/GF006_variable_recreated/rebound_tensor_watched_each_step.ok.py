"""Near-miss of GF006: the parameter becomes a tensor after the first update, but the tape watches it explicitly on every step, so its gradient is never None."""
import tensorflow as tf

tf.random.set_seed(0)

target = tf.constant([1.0, -2.0, 3.0])
point = tf.Variable(tf.zeros(3))

for _ in range(80):
    with tf.GradientTape() as tape:
        tape.watch(point)
        distance = tf.reduce_sum(tf.square(point - target))
    grad = tape.gradient(distance, point)
    point = point - 0.1 * grad

assert float(tf.reduce_sum(tf.square(point - target))) < 1e-3, "the point should reach the target"
