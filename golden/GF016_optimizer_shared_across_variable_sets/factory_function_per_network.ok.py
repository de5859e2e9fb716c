"""Near-miss of GF016: a factory function is called once per network, so the generator and the discriminator each get their own Adam instance."""
import tensorflow as tf

tf.random.set_seed(0)


def make_optimizer():
    return tf.keras.optimizers.Adam(learning_rate=0.1, beta_1=0.5)


generator = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
discriminator = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
gen_opt = make_optimizer()
disc_opt = make_optimizer()

start_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
for step in range(25):
    real = 3.0 + 0.5 * tf.random.normal((64, 1))
    z = tf.random.normal((64, 2))
    with tf.GradientTape() as g_tape:
        fake_logits = discriminator(generator(z, training=True), training=True)
        g_loss = bce(tf.ones_like(fake_logits), fake_logits)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    gen_opt.apply_gradients(zip(g_grads, generator.trainable_variables))

    with tf.GradientTape() as d_tape:
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(generator(z, training=True), training=True)
        d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    disc_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))

end_gap = abs(float(tf.reduce_mean(generator(tf.random.normal((256, 2))))) - 3.0)
assert end_gap < 0.5 * start_gap, f"generator mean did not move towards 3.0: gap {start_gap:.2f} -> {end_gap:.2f}"
