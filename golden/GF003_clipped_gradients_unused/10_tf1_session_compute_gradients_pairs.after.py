"""GF003: TF1 graph code unzips compute_gradients' pairs and clips the gradients, then applies the unclipped pairs.

Fails with: AssertionError
"""
import tensorflow as tf

tf.compat.v1.disable_eager_execution()
tf.compat.v1.set_random_seed(3)

graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, [None, 1])
    y = tf.compat.v1.placeholder(tf.float32, [None, 1])
    w = tf.compat.v1.get_variable("w", [1, 1], initializer=tf.compat.v1.zeros_initializer())
    b = tf.compat.v1.get_variable("b", [1], initializer=tf.compat.v1.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    global_step = tf.compat.v1.train.get_or_create_global_step()
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(1.0)
    grads_and_vars = optimizer.compute_gradients(loss)
    grads, variables = zip(*grads_and_vars)
    clipped, global_norm = tf.clip_by_global_norm(grads, 0.5)
    train_op = optimizer.apply_gradients(zip(clipped, variables), global_step=global_step)
    init = tf.compat.v1.global_variables_initializer()

# targets far away: unclipped steps with learning rate 1.0 blow up, clipped ones converge
features = [[i / 32.0 - 1.0] for i in range(64)]
targets = [[40.0 * f[0] + 30.0] for f in features]
with tf.compat.v1.Session(graph=graph) as sess:
    sess.run(init)
    for _ in range(300):
        _, value = sess.run([train_op, loss], {x: features, y: targets})

assert value == value and value < 1.0, f"training diverged: {value:.4g}"
