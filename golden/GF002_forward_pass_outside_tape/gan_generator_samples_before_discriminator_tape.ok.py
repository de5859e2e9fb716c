"""Near-miss of GF002: in a GAN step the generator's samples are made before the discriminator's tape, which only differentiates the discriminator's variables."""
import tensorflow as tf

tf.random.set_seed(0)

generator = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
discriminator = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
d_opt = tf.keras.optimizers.Adam(learning_rate=0.05)
g_opt = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def gan_step(real):
    z = tf.random.normal((64, 2))
    fake = generator(z, training=True)  # samples for the discriminator update
    with tf.GradientTape() as d_tape:
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(fake, training=True)
        d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    with tf.GradientTape() as g_tape:
        fake_logits = discriminator(generator(z, training=True), training=True)
        g_loss = bce(tf.ones_like(fake_logits), fake_logits)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))


start_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
for _ in range(40):
    gan_step(3.0 + 0.5 * tf.random.normal((64, 1)))
end_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
assert end_gap < 0.5 * start_gap, f"generator mean did not move towards 3.0: gap {start_gap:.2f} -> {end_gap:.2f}"
