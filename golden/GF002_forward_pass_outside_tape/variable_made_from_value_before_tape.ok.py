"""Near-miss of GF002: `w = tf.Variable(w)` and `[tf.Variable(b) for b in ...]` before the tape make the variables from starting values; nothing is computed there."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = tf.matmul(x, [[1.0], [-2.0], [0.5]]) + 1.0


def fit(w, biases, steps=150, lr=0.1):
    w = tf.Variable(w)
    biases = [tf.Variable(b) for b in biases]
    optimizer = tf.keras.optimizers.SGD(lr)
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            pred = tf.matmul(x, w) + tf.add_n(biases)
            loss = tf.reduce_mean(tf.square(pred - y))
        grads = tape.gradient(loss, [w, *biases])
        optimizer.apply_gradients(zip(grads, [w, *biases]))
        losses.append(float(loss))
    return losses


losses = fit(np.zeros((3, 1), np.float32), [np.zeros(1, np.float32), np.zeros(1, np.float32)])
assert losses[-1] < losses[0] * 0.01, f"training failed: {losses[0]} -> {losses[-1]}"
