"""GF005: the gradients are taken for the encoder only, then zipped with the encoder's and the decoder's variables; the decoder never trains.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(4)

encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
decoder = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(4, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.Adam(0.05)
x = tf.random.normal((128, 4))
x = tf.concat([x[:, :2], x[:, :2]], axis=1)  # two dimensions are enough to reconstruct it


def train_step(batch):
    with tf.GradientTape() as tape:
        reconstruction = decoder(encoder(batch))
        loss = tf.reduce_mean(tf.square(reconstruction - batch))
    grads = tape.gradient(loss, encoder.trainable_variables + decoder.trainable_variables)
    variables = encoder.trainable_variables + decoder.trainable_variables
    optimizer.apply_gradients(zip(grads, variables))
    return float(loss)


first = train_step(x)
for _ in range(300):
    last = train_step(x)
assert last < 0.1 * first, f"reconstruction loss did not go down: {first:.3f} -> {last:.3f}"
