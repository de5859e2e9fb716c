"""Near-miss of GF001: a TF1 optimizer's `apply_gradients(pairs, global_step)` takes the pairs first and the step counter second; they are already zipped."""
import numpy as np
import tensorflow as tf

x_data = np.linspace(-1.0, 1.0, 32, dtype=np.float32)
y_data = -1.5 * x_data + 0.25
graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, (None,))
    y = tf.compat.v1.placeholder(tf.float32, (None,))
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    step = tf.compat.v1.train.get_or_create_global_step()
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(0.3)
    grads = tf.gradients(loss, [w, b])
    train_op = optimizer.apply_gradients(zip(grads, [w, b]), step)
    init = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session(graph=graph) as session:
    session.run(init)
    first = session.run(loss, {x: x_data, y: y_data})
    for _ in range(60):
        session.run(train_op, {x: x_data, y: y_data})
    last, steps = session.run([loss, step], {x: x_data, y: y_data})
assert steps == 60 and last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f} after {steps} steps"
