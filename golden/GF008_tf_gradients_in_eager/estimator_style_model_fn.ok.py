"""Near-miss of GF008: an Estimator-style `model_fn(features, labels, mode)` builds its train op with tf.gradients; it only ever runs while a graph is being built."""
import numpy as np
import tensorflow as tf

v1 = tf.compat.v1


def model_fn(features, labels, mode):
    w = v1.get_variable("w", shape=(), initializer=v1.zeros_initializer())
    b = v1.get_variable("b", shape=(), initializer=v1.zeros_initializer())
    loss = tf.reduce_mean(tf.square(w * features + b - labels))
    grads = tf.gradients(loss, [w, b])
    train_op = tf.group(*[var.assign_sub(0.3 * g) for g, var in zip(grads, [w, b])])
    return loss, train_op if mode == "train" else None


x_data = np.linspace(-1.0, 1.0, 32, dtype=np.float32)
y_data = 0.5 * x_data - 1.0
graph = tf.Graph()
with graph.as_default():
    x = v1.placeholder(tf.float32, (None,))
    y = v1.placeholder(tf.float32, (None,))
    loss, train_op = model_fn(x, y, "train")
    init = v1.global_variables_initializer()
with v1.Session(graph=graph) as session:
    session.run(init)
    first = session.run(loss, {x: x_data, y: y_data})
    for _ in range(60):
        session.run(train_op, {x: x_data, y: y_data})
    last = session.run(loss, {x: x_data, y: y_data})
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
