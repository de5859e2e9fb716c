"""GF011 GF016: an autoencoder step asks one non-persistent tape for two gradients and feeds both to one optimizer.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
decoder = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(4)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

data = tf.random.normal((128, 2)) @ tf.random.normal((2, 4))


def train_step(x):
    with tf.GradientTape() as tape:
        reconstruction = decoder(encoder(x, training=True), training=True)
        loss = tf.reduce_mean(tf.square(reconstruction - x))
    encoder_grads = tape.gradient(loss, encoder.trainable_variables)
    decoder_grads = tape.gradient(loss, decoder.trainable_variables)
    optimizer.apply_gradients(zip(encoder_grads, encoder.trainable_variables))
    optimizer.apply_gradients(zip(decoder_grads, decoder.trainable_variables))
    return float(loss)


losses = [train_step(data) for _ in range(80)]

assert losses[-1] < 0.2 * losses[0], f"autoencoder did not learn: {losses[0]:.4f} -> {losses[-1]:.4f}"
