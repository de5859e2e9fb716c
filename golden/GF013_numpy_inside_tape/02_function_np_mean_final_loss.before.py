"""GF013: a train-step function averages the squared error with np.mean, so the tape's target is a numpy scalar.

Fails with: AttributeError: 'numpy.float32' object has no attribute '_id'
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

# Data made with NumPy: y = 0.5 * x0 - 1.5 * x1 + 1
rng = np.random.default_rng(0)
x = rng.uniform(-1.0, 1.0, size=(64, 2)).astype("float32")
y = (x @ np.array([[0.5], [-1.5]]) + 1.0).astype("float32")

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)


def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = np.mean(tf.square(pred - y))  # mean squared error
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [train_step(x, y) for _ in range(40)]

assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
