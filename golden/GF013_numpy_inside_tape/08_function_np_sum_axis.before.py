"""GF013: a plain function sums squared errors over the outputs with np.sum(..., axis=1) inside the tape; the axis argument stays.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

# Two outputs: y0 = x0 + x1, y1 = x0 - 2 * x1
x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.0, 1.0], [1.0, -2.0]])


def train(model, optimizer, steps=30):
    history = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            pred = model(x, training=True)
            per_example = np.sum(tf.square(pred - y), axis=1)
            loss = tf.reduce_mean(per_example)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        history.append(float(loss))
    return history


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2)])
history = train(model, tf.keras.optimizers.SGD(learning_rate=0.1))

assert history[-1] < 0.05 * history[0], f"loss did not go down: {history[0]:.3f} -> {history[-1]:.3f}"
