"""Near-miss of GF012: each loop iteration builds a new TF1 graph with its own optimizer and trains it in a Session; the optimizer is built once per graph, not per step."""
import tensorflow as tf

tf1 = tf.compat.v1

results = []
for lr in (0.05, 0.1):
    with tf.Graph().as_default():
        x = tf1.placeholder(tf.float32, (None, 1))
        y = 2.0 * x + 1.0
        w = tf1.Variable(0.0)
        b = tf1.Variable(0.0)
        loss = tf.reduce_mean(tf.square(w * x + b - y))
        optimizer = tf1.train.GradientDescentOptimizer(lr)
        train_op = optimizer.apply_gradients(zip(tf1.gradients(loss, [w, b]), [w, b]))
        with tf1.Session() as session:
            session.run(tf1.global_variables_initializer())
            data = {x: [[0.0], [1.0], [2.0], [3.0]]}
            first = session.run(loss, data)
            for _ in range(300):
                session.run(train_op, data)
            results.append((first, session.run(loss, data)))

assert all(last < first * 0.01 for first, last in results), f"training failed: {results}"
