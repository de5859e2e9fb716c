"""Near-miss of GF005: the sources are the `params` list of variables and the grads are zipped with that same list."""
import tensorflow as tf

tf.random.set_seed(0)


def fit(x, y, steps=50):
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    params = [w, b]
    opt = tf.keras.optimizers.SGD(learning_rate=0.5)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            pred = w * x + b
            loss = tf.reduce_mean(tf.square(pred - y))
        grads = tape.gradient(loss, params)
        opt.apply_gradients(zip(grads, params))
    return w, b


x = tf.random.uniform((100,), -1.0, 1.0)
w, b = fit(x, 3.0 * x + 2.0)
assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
