"""GF013: a hand-written linear model computes np.matmul(x, w) inside the tape; only the bias still gets a gradient, w never trains.

Fails with: AssertionError
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.normal((64, 3))
y = tf.matmul(x, [[1.0], [-2.0], [0.5]]) - 1.0

w = tf.Variable(tf.zeros((3, 1)), name="w")
b = tf.Variable(0.0, name="b")
opt = tf.keras.optimizers.SGD(learning_rate=0.2)

for step in range(40):
    with tf.GradientTape() as tape:
        pred = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape.gradient(loss, [w, b])
    opt.apply_gradients(zip(grads, [w, b]))

error = float(tf.reduce_max(tf.abs(w - [[1.0], [-2.0], [0.5]])))
assert error < 0.05 and abs(float(b) + 1.0) < 0.05, f"weights did not reach the target: max |w error| {error:.3f}, b {float(b):.3f}"
