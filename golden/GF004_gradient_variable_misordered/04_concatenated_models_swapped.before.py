"""GF004: encoder + decoder variables concatenated in the opposite order in apply_gradients.

Fails with: InvalidArgumentError: Incompatible shapes: [2,4] vs. [4,1] [Op:Sub]
"""
import tensorflow as tf

tf.random.set_seed(0)

# Regress y = x0 - 2 * x1 through a tiny encoder/decoder pair.
x = tf.random.normal((256, 2))
y = x[:, :1] - 2.0 * x[:, 1:]
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

encoder = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(4)])
decoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

losses = []
for epoch in range(6):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(decoder(encoder(xb)) - yb))
        grads = tape.gradient(loss, encoder.trainable_variables + decoder.trainable_variables)
        # one optimizer for both halves
        optimizer.apply_gradients(zip(grads, decoder.trainable_variables + encoder.trainable_variables))
        losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"encoder/decoder did not learn: {losses[0]:.3f} -> {losses[-1]:.3f}"
