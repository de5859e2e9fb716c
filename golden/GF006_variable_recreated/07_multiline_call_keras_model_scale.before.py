"""GF006: a learnable output scale trained with a Keras model is re-created halfway through by a multi-line tf.Variable(...) call.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

# Regress y = 4 * tanh(x0 - x1) with a small model times a learnable output scale.
x = tf.random.normal((128, 2))
y = 4.0 * tf.tanh(x[:, :1] - x[:, 1:])
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
scale = tf.Variable(1.0, name="output_scale")
optimizer = keras.optimizers.Adam(learning_rate=0.05)

losses = []
for epoch in range(6):
    if epoch == 3:
        # Halfway through, re-calibrate the output scale from 1.0.
        scale = tf.Variable(
            1.0,
            dtype=tf.float32,
            name="output_scale",
        )
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(scale * model(xb, training=True) - yb))
        grads = tape.gradient(loss, model.trainable_variables + [scale])
        optimizer.apply_gradients(zip(grads, model.trainable_variables + [scale]))
        losses.append(float(loss))

assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
