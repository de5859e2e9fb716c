"""GF008: `from tensorflow import gradients` is called bare in an eager training loop.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled
"""
import tensorflow as tf
from tensorflow import gradients

tf.random.set_seed(0)
x = tf.random.normal((64,))
y = 1.5 * x - 0.5
w = tf.Variable(0.0)
b = tf.Variable(0.0)
losses = []
for _ in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - y))
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(0.2 * dw)
    b.assign_sub(0.2 * db)
    losses.append(float(loss))
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.5f}"
