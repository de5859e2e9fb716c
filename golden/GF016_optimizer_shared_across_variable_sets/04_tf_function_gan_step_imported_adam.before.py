"""GF016: a @tf.function GAN step applies one `Adam` (imported from tensorflow.keras.optimizers) to the generator and then to the discriminator.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

generator = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
discriminator = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
opt = Adam(learning_rate=0.05, beta_1=0.5)


@tf.function
def train_step(real):
    z = tf.random.normal((64, 2))
    with tf.GradientTape() as g_tape:
        fake_logits = discriminator(generator(z, training=True), training=True)
        g_loss = bce(tf.ones_like(fake_logits), fake_logits)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    opt.apply_gradients(zip(g_grads, generator.trainable_variables))

    with tf.GradientTape() as d_tape:
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(generator(z, training=True), training=True)
        d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))


real_data = 3.0 + 0.5 * tf.random.normal((640, 1))
start_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
for real in tf.data.Dataset.from_tensor_slices(real_data).batch(64).repeat(4):
    train_step(real)
end_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)

assert end_gap < 0.5 * start_gap, f"generator mean did not move towards 3.0: gap {start_gap:.2f} -> {end_gap:.2f}"
