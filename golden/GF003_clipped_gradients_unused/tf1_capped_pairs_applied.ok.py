"""Near-miss of GF003: the TF1 recipe: compute_gradients, cap each gradient in a comprehension of pairs, apply the capped pairs with the global step in a session."""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(8)

x = tf.compat.v1.placeholder(tf.float32, [None, 1])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w = tf.compat.v1.get_variable("w", [1, 1], initializer=tf.compat.v1.zeros_initializer())
b = tf.compat.v1.get_variable("b", [1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
optimizer = tf.compat.v1.train.GradientDescentOptimizer(1.0)
gvs = optimizer.compute_gradients(loss)
capped_gvs = [(tf.clip_by_value(grad, -1.0, 1.0), var) for grad, var in gvs]
train_op = optimizer.apply_gradients(capped_gvs, global_step=tf.compat.v1.train.get_or_create_global_step())

features = [[i / 32.0 - 1.0] for i in range(64)]
targets = [[40.0 * f[0] + 30.0] for f in features]
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for _ in range(300):
        _, value = sess.run([train_op, loss], {x: features, y: targets})

assert value < 1.0, f"capped training should converge: {value:.4g}"
