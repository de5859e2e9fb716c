"""GF013: the loss adds an L2 penalty computed with NumPy (`np.sum(w ** 2)`); the data term still has a gradient, so nothing fails, but the penalty adds nothing to it and the weight is never shrunk.

Fails with: AssertionError
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((256, 1))
y = 3.0 * x
w = tf.Variable([[0.0]])
optimizer = tf.keras.optimizers.SGD(0.05)
l2 = 2.0  # the penalised optimum is w = 3 / (1 + l2) = 1

for step in range(300):
    with tf.GradientTape() as tape:
        data_loss = tf.reduce_mean(tf.square(x @ w - y))
        penalty = l2 * tf.reduce_sum(w ** 2)
        loss = data_loss + penalty
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))

assert abs(float(w[0, 0]) - 1.0) < 0.2, f"the L2 penalty had no effect: w = {float(w[0, 0]):.3f}"
