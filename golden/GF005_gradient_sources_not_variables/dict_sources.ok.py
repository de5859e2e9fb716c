"""Near-miss of GF005: the sources are a dict of variables; the dict of grads is zipped with the values of that same dict."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 2))
y = 2.0 * x[:, 0] - x[:, 1] + 0.5

params = {"w1": tf.Variable(0.0), "w2": tf.Variable(0.0), "bias": tf.Variable(0.0)}
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)

for step in range(50):
    with tf.GradientTape() as tape:
        pred = params["w1"] * x[:, 0] + params["w2"] * x[:, 1] + params["bias"]
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape.gradient(loss, params)  # a dict with the same keys
    optimizer.apply_gradients(zip(grads.values(), params.values()))

fitted = {k: float(v) for k, v in params.items()}
target = {"w1": 2.0, "w2": -1.0, "bias": 0.5}
assert all(abs(fitted[k] - target[k]) < 0.05 for k in target), f"expected {target}, got {fitted}"
