"""Near-miss of GF008: the module calls tf.compat.v1.disable_eager_execution(), so tf.gradients runs in TF1 graph mode."""
import numpy as np
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.random.set_seed(0)

# A TF1-style script: placeholders, tf.gradients and a v1 optimizer, run in a Session.
x_data = np.linspace(-1.0, 1.0, 64, dtype=np.float32).reshape(-1, 1)
y_data = 0.5 * x_data - 1.0

x = tf.compat.v1.placeholder(tf.float32, shape=(None, 1))
y = tf.compat.v1.placeholder(tf.float32, shape=(None, 1))
w = tf.Variable([[0.0]])
b = tf.Variable([0.0])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
grads = tf.gradients(loss, [w, b])
optimizer = tf.compat.v1.train.GradientDescentOptimizer(learning_rate=0.5)
train_op = optimizer.apply_gradients(zip(grads, [w, b]))

with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    feed = {x: x_data, y: y_data}
    first = sess.run(loss, feed)
    for _ in range(50):
        sess.run(train_op, feed)
    last = sess.run(loss, feed)

assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
