"""Near-miss of GF016: a GAN trainer keeps one optimizer per network (self.generator_optimizer, self.discriminator_optimizer), each applied to its own variables only."""
import tensorflow as tf

tf.random.set_seed(0)


class GANTrainer:
    def __init__(self, generator, discriminator):
        self.generator = generator
        self.discriminator = discriminator
        self.generator_optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
        self.discriminator_optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
        self.bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)

    def train_step(self, real):
        z = tf.random.normal((64, 2))
        with tf.GradientTape() as d_tape:
            real_logits = self.discriminator(real, training=True)
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            d_loss = self.bce(tf.ones_like(real_logits), real_logits) + self.bce(tf.zeros_like(fake_logits), fake_logits)
        d_grads = d_tape.gradient(d_loss, self.discriminator.trainable_variables)
        self.discriminator_optimizer.apply_gradients(zip(d_grads, self.discriminator.trainable_variables))

        with tf.GradientTape() as g_tape:
            fake_logits = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = self.bce(tf.ones_like(fake_logits), fake_logits)
        g_grads = g_tape.gradient(g_loss, self.generator.trainable_variables)
        self.generator_optimizer.apply_gradients(zip(g_grads, self.generator.trainable_variables))


generator = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
discriminator = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
trainer = GANTrainer(generator, discriminator)

start_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
for _ in range(25):
    trainer.train_step(3.0 + 0.5 * tf.random.normal((64, 1)))
end_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)

assert end_gap < 0.5 * start_gap, f"generator mean did not move towards 3.0: gap {start_gap:.2f} -> {end_gap:.2f}"
