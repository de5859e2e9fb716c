"""GF004: TF1 graph code takes tf.gradients over the trainable variables, clips them and zips the variables first.

Fails with: NotImplementedError: Trying to update a Tensor
"""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(2)


class Regressor:
    def __init__(self, learning_rate):
        self.x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        self.y = tf.compat.v1.placeholder(tf.float32, [None, 1])
        w = tf.compat.v1.get_variable("w", [2, 1], initializer=tf.compat.v1.zeros_initializer())
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, w) - self.y))
        tvars = tf.compat.v1.trainable_variables()
        grads = tf.gradients(self.loss, tvars)
        clipped, _ = tf.clip_by_global_norm(grads, 5.0)
        optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate)
        self.train_op = optimizer.apply_gradients(zip(clipped, tvars))


model = Regressor(0.1)
features = [[i / 10.0, 1.0 - i / 10.0] for i in range(10)]
targets = [[2.0 * a - b] for a, b in features]
feed = {model.x: features, model.y: targets}
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    first = sess.run(model.loss, feed)
    for _ in range(200):
        _, last = sess.run([model.train_op, model.loss], feed)

assert last < 0.05 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
