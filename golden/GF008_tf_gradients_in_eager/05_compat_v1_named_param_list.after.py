"""GF008: a two-layer network calls tf.compat.v1.gradients with a module-level list of parameters.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = |x| with one hidden ReLU layer.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = tf.abs(x)

w1 = tf.Variable(tf.random.normal((1, 16)))
b1 = tf.Variable(tf.zeros((16,)))
w2 = tf.Variable(tf.random.normal((16, 1), stddev=0.3))
b2 = tf.Variable(tf.zeros((1,)))
params = [w1, b1, w2, b2]
opt = tf.keras.optimizers.Adam(learning_rate=0.05)


def train_step(x, y):
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
        # the output layer is linear
        pred = tf.matmul(hidden, w2) + b2
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape.gradient(loss, params)
    opt.apply_gradients(zip(grads, params))
    return float(loss)


first = train_step(x, y)
for _ in range(30):
    last = train_step(x, y)
assert last < 0.1 * first, f"network did not fit |x|: {first:.4f} -> {last:.5f}"
