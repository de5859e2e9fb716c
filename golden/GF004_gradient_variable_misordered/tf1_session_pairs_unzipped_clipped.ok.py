"""Near-miss of GF004: TF1 graph code unzips compute_gradients' pairs, clips each gradient and zips them back gradients first, with the global step."""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(2)

x = tf.compat.v1.placeholder(tf.float32, [None, 2])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w = tf.compat.v1.get_variable("w", [2, 1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
optimizer = tf.compat.v1.train.AdamOptimizer(0.1)
grads_and_vars = optimizer.compute_gradients(loss)
grads, variables = zip(*grads_and_vars)
grads = [tf.clip_by_norm(g, 5.0) for g in grads]
global_step = tf.compat.v1.train.get_or_create_global_step()
train_op = optimizer.apply_gradients(zip(grads, variables), global_step=global_step)

features = [[i / 10.0, 1.0 - i / 10.0] for i in range(10)]
targets = [[2.0 * a - b] for a, b in features]
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    first = sess.run(loss, {x: features, y: targets})
    for _ in range(200):
        _, last = sess.run([train_op, loss], {x: features, y: targets})

assert last < 0.05 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
