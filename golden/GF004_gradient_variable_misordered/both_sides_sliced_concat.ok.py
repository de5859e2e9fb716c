"""Near-miss of GF004: concatenated encoder/decoder variables are zipped in the same order as the sources, and grads[::-1] is paired with the equally reversed list."""
from tensorflow import keras
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((256, 2))
y = x[:, :1] - 2.0 * x[:, 1:]
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

encoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4)])
decoder = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=0.1)

losses = []
for epoch in range(6):
    for i, (xb, yb) in enumerate(dataset):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(decoder(encoder(xb)) - yb))
        variables = encoder.trainable_variables + decoder.trainable_variables
        grads = tape.gradient(loss, encoder.trainable_variables + decoder.trainable_variables)
        if i % 2:
            optimizer.apply_gradients(zip(grads[::-1], variables[::-1]))
        else:
            optimizer.apply_gradients(zip(grads, encoder.trainable_variables + decoder.trainable_variables))
        losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"encoder/decoder did not learn: {losses[0]:.3f} -> {losses[-1]:.3f}"
