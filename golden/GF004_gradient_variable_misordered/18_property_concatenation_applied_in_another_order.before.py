"""GF004: an autoencoder class exposes its variables through a property (encoder's, then decoder's) and differentiates them, but its step zips the gradients with the decoder's variables first.

Fails with: InvalidArgumentError: Incompatible shapes
"""
import tensorflow as tf

tf.random.set_seed(0)


class AutoEncoder:
    def __init__(self):
        self.encoder = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(3)])
        self.decoder = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(6)])
        self.optimizer = tf.keras.optimizers.Adam(0.02)

    @property
    def trainable_variables(self):
        return self.encoder.trainable_variables + self.decoder.trainable_variables

    def step(self, x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.decoder(self.encoder(x)) - x))
        grads = tape.gradient(loss, self.trainable_variables)
        update_vars = self.decoder.trainable_variables + self.encoder.trainable_variables
        self.optimizer.apply_gradients(zip(grads, update_vars))
        return float(loss)


x = tf.random.normal((128, 6))
autoencoder = AutoEncoder()
losses = [autoencoder.step(x) for _ in range(60)]
assert losses[-1] < 0.7 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
