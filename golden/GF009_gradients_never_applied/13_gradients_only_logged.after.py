"""GF009: the step logs the gradient norm and returns; the gradients are never applied.

Fails with: AssertionError
"""
import logging

import tensorflow as tf

tf.random.set_seed(6)

net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.05)


def step(index, features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    logging.debug("step %d grad norm %.4f", index, float(tf.linalg.global_norm(grads)))
    return float(loss)


x = tf.random.uniform((64, 2), -1.0, 1.0)
y = x @ tf.constant([[1.0], [3.0]]) - 2.0
for i in range(300):
    last = step(i, x, y)
assert last < 0.01, f"training failed: loss {last:.4f}"
