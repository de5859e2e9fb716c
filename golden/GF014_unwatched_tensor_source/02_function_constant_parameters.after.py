"""GF014: plain function keeps the parameters `w` and `b` as tf.constant tensors and never watches them.

Fails with: TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit_line(x, y, steps=50, lr=0.5):
    w = tf.constant(0.0)
    b = tf.constant(0.0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            tape.watch(w)
            tape.watch(b)
            loss = tf.reduce_mean(tf.square(w * x + b - y))
        dw, db = tape.gradient(loss, [w, b])
        # plain gradient descent on the tensors
        w = w - lr * dw
        b = b - lr * db
    return w, b


x = tf.random.uniform((100,), -1.0, 1.0)
w, b = fit_line(x, 3.0 * x + 2.0)
assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
