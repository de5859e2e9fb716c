"""GF002: an autoencoder trainer encodes through its own `_encode` method before the tape opens, so the encoder's gradients are None.

Fails with: ValueError: No gradients provided for any variable
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class AutoencoderTrainer:
    def __init__(self, encoder, decoder):
        self.encoder = encoder
        self.decoder = decoder
        self.optimizer = keras.optimizers.Adam(0.01)

    def _encode(self, x):
        return self.encoder(x, training=True)

    def train_batch(self, x):
        variables = self.encoder.trainable_variables
        with tf.GradientTape() as tape:
            code = self._encode(x)
            loss = tf.reduce_mean(tf.square(self.decoder(code, training=True) - x))
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return float(loss)


encoder = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4)])
decoder = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8)])
decoder.trainable = False
trainer = AutoencoderTrainer(encoder, decoder)
x = tf.random.normal((256, 8))
losses = [trainer.train_batch(x) for _ in range(150)]

assert losses[-1] < 0.7 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
