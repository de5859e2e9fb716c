"""GF007: fit() creates an Adam optimizer but updates [w, b] by hand with `for v, g in zip(params, grads)`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit(x, y, steps=50, learning_rate=0.15):
    w = tf.Variable(tf.zeros((2, 1)))
    b = tf.Variable(0.0)
    params = [w, b]
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ w + b - y))
        grads = tape.gradient(loss, params)
        optimizer.apply_gradients(zip(grads, params))
    return w, b


# The second feature is measured in different units (100x smaller values):
# Adam's per-parameter step size copes with that, plain gradient descent does not.
x = tf.random.uniform((128, 2), -1.0, 1.0) * [1.0, 0.01]
y = x @ [[1.0], [2.0]] + 0.5
w, b = fit(x, y)
w2 = float(w[1, 0])
assert abs(w2 - 2.0) < 0.3, f"weight of the small feature should be ~2, got {w2:.3f}"
