"""GF013: loop over dataset batches with `from tensorflow import keras`; the model output is squashed with np.tanh inside the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

keras.utils.set_random_seed(0)

# Targets in (-1, 1): y = tanh(2x - 1).
x = tf.random.uniform((256, 1), -1.0, 1.0)
y = tf.tanh(2.0 * x - 1.0)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(256, seed=0).batch(64)

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=0.1)
loss_fn = keras.losses.MeanSquaredError()

for epoch in range(6):  # 4 batches per epoch
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            pred = np.tanh(model(xb, training=True))  # squash into (-1, 1)
            loss = loss_fn(yb, pred)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

final_loss = float(loss_fn(y, tf.tanh(model(x))))
assert final_loss < 0.02, f"training stalled: final MSE {final_loss:.4f}"
