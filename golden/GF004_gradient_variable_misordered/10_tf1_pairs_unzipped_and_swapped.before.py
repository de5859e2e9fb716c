"""GF004: TF1 graph code unzips compute_gradients' pairs, clips the gradients and zips them back variables first.

Fails with: NotImplementedError: Trying to update a Tensor
"""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(2)


def build_train_op(loss, learning_rate):
    optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate)
    grads_and_vars = optimizer.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)
    global_step = tf.compat.v1.train.get_or_create_global_step()
    return optimizer.apply_gradients(zip(variables, clipped), global_step=global_step)


x = tf.compat.v1.placeholder(tf.float32, [None, 2])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w = tf.compat.v1.get_variable("w", [2, 1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
train_op = build_train_op(loss, 0.1)

features = [[i / 10.0, 1.0 - i / 10.0] for i in range(10)]
targets = [[2.0 * a - b] for a, b in features]
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    first = sess.run(loss, {x: features, y: targets})
    for _ in range(200):
        _, last = sess.run([train_op, loss], {x: features, y: targets})

assert last < 0.05 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
