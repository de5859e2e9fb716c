"""GF002: raw tf.Variables; the prediction x @ w + b is computed before the tape (the cast stays).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

true_w = tf.constant([[2.0], [-1.0]])
features = tf.random.normal((100, 2), dtype=tf.float64)
targets = tf.cast(features, tf.float32) @ true_w + 0.5

w = tf.Variable(tf.zeros((2, 1)), name="w")
b = tf.Variable(tf.zeros((1,)), name="b")
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


def fit_step(x, y):
    x = tf.cast(x, tf.float32)

    pred = x @ w + b
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(pred - y))
    dw, db = tape.gradient(loss, [w, b])
    optimizer.apply_gradients([(dw, w), (db, b)])
    return loss


for _ in range(40):
    fit_step(features, targets)

assert float(tf.reduce_max(tf.abs(w - true_w))) < 0.05, f"w did not converge: {w.numpy().ravel()}"
assert abs(float(b[0]) - 0.5) < 0.05, f"b did not converge: {b.numpy()}"
