"""Near-miss of GF008: tf.gradients builds ops inside `with tf.Graph().as_default():` and a tf.compat.v1.Session runs them."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

x_data = np.linspace(-1.0, 1.0, 64, dtype=np.float32)
y_data = 3.0 * x_data + 2.0

graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, shape=(None,))
    y = tf.compat.v1.placeholder(tf.float32, shape=(None,))
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    dw, db = tf.gradients(loss, [w, b])  # graph mode: returns symbolic tensors
    train_op = tf.group(w.assign_sub(0.3 * dw), b.assign_sub(0.3 * db))
    init = tf.compat.v1.global_variables_initializer()

with tf.compat.v1.Session(graph=graph) as sess:
    sess.run(init)
    feed = {x: x_data, y: y_data}
    first = sess.run(loss, feed)
    for _ in range(50):
        sess.run(train_op, feed)
    last, w_value, b_value = sess.run([loss, w, b], feed)

assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f} (w={w_value:.3f}, b={b_value:.3f})"
