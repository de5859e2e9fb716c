"""GF013: module-level loop squares the residuals with np.square inside the tape, so the loss is a constant to the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.2)

losses = []
for step in range(40):
    with tf.GradientTape() as tape:
        residuals = model(x, training=True) - y
        loss = tf.reduce_mean(np.square(residuals))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
