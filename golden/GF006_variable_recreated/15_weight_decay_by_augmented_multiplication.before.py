"""GF006: after each descent step the weights decay with `w *= 1.0 - decay`, which TensorFlow refuses on a variable (older versions rebound `w` to a tensor the tape then stopped tracking).

Fails with: RuntimeError: `var *= value` with `tf.Variable`s is not supported.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = x @ tf.constant([[1.0], [-1.0], [0.5], [2.0]])
w = tf.Variable(tf.zeros((4, 1)))
learning_rate, decay = 0.1, 1e-4

for _ in range(200):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(x @ w - y))
    grad = tape.gradient(loss, w)
    w.assign_sub(learning_rate * grad)
    w *= 1.0 - decay

final = float(tf.reduce_mean(tf.square(x @ w - y)))
assert final < 0.01, f"loss did not go down: {final:.4f}"
