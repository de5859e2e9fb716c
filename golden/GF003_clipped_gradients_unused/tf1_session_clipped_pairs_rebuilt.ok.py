"""Near-miss of GF003: TF1 graph code unzips compute_gradients' pairs, rebinds the gradients to their clipped values and applies them with the global step."""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(3)

x = tf.compat.v1.placeholder(tf.float32, [None, 1])
y = tf.compat.v1.placeholder(tf.float32, [None, 1])
w = tf.compat.v1.get_variable("w", [1, 1], initializer=tf.compat.v1.zeros_initializer())
b = tf.compat.v1.get_variable("b", [1], initializer=tf.compat.v1.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
global_step = tf.compat.v1.train.get_or_create_global_step()
optimizer = tf.compat.v1.train.GradientDescentOptimizer(1.0)
grads_and_vars = optimizer.compute_gradients(loss)
grads, variables = zip(*grads_and_vars)
grads, global_norm = tf.clip_by_global_norm(grads, 0.5)
train_op = optimizer.apply_gradients(zip(grads, variables), global_step=global_step)

features = [[i / 32.0 - 1.0] for i in range(64)]
targets = [[40.0 * f[0] + 30.0] for f in features]
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for _ in range(300):
        _, value = sess.run([train_op, loss], {x: features, y: targets})
    steps = sess.run(global_step)

assert steps == 300 and value < 1.0, f"clipped training should converge: {value:.4g} after {steps} steps"
