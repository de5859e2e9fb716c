"""Near-miss of GF015: a TF1 optimizer's `minimize(loss_tensor)` builds a train op inside a graph that a compat.v1 Session runs."""
import numpy as np
import tensorflow as tf

x_data = np.linspace(-1.0, 1.0, 32, dtype=np.float32)
y_data = 2.0 * x_data + 0.5
graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, (None,))
    y = tf.compat.v1.placeholder(tf.float32, (None,))
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(0.3)
    train_op = optimizer.minimize(loss, var_list=[w, b])
    init = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session(graph=graph) as session:
    session.run(init)
    first = session.run(loss, {x: x_data, y: y_data})
    for _ in range(60):
        session.run(train_op, {x: x_data, y: y_data})
    last = session.run(loss, {x: x_data, y: y_data})
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
