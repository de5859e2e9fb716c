"""GF003: a graph-building helper clips the gradients it takes out of compute_gradients' pairs inline, then applies the unclipped pairs.

Fails with: AssertionError
"""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(12)


def make_train_op(loss, learning_rate, clip_norm):
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(learning_rate)
    grads_and_vars = optimizer.compute_gradients(loss)
    clipped, global_norm = tf.clip_by_global_norm([g for g, _ in grads_and_vars], clip_norm)
    tf.compat.v1.summary.scalar("global_norm", global_norm)
    return optimizer.apply_gradients(zip(clipped, [v for _, v in grads_and_vars]))


x = tf.compat.v1.placeholder(tf.float32, [None, 1])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w = tf.compat.v1.get_variable("w", [1, 1], initializer=tf.compat.v1.zeros_initializer())
b = tf.compat.v1.get_variable("b", [1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
train_op = make_train_op(loss, 1.0, 0.5)

features = [[i / 32.0 - 1.0] for i in range(64)]
targets = [[40.0 * f[0] + 30.0] for f in features]
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for _ in range(300):
        _, value = sess.run([train_op, loss], {x: features, y: targets})

assert value == value and value < 1.0, f"training diverged: {value:.4g}"
