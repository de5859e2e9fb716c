"""GF002: module-level loop over a tf.data dataset; each batch's predictions are computed before the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf
from tensorflow.keras.optimizers import SGD

tf.random.set_seed(0)

xs = tf.random.normal((128, 1))
ys = 3.0 * xs + 2.0
dataset = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(32)

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
optimizer = SGD(learning_rate=0.2)

epoch_losses = []
for epoch in range(10):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            pred = model(xb)  # (batch, 1)
            loss = tf.reduce_mean(tf.square(yb - pred))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    epoch_losses.append(float(loss))

assert epoch_losses[-1] < 0.1, f"did not fit y = 3x + 2, last loss {epoch_losses[-1]:.3f}"
