"""GF013: predictions are clipped with np.clip inside the tape before the loss, which leaves TensorFlow.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((64, 2))
y = tf.clip_by_value(x[:, :1] - x[:, 1:], -1.0, 1.0)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
losses = []
for _ in range(60):
    with tf.GradientTape() as tape:
        pred = tf.clip_by_value(model(x), -1.0, 1.0)
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
