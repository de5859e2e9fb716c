"""GF017: the generator's step copies the discriminator step's tf.stop_gradient around the generated samples, so the generator's loss reaches its weights through nothing.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

generator = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(2)])
discriminator = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
g_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
d_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)
real = tf.random.normal((64, 2), mean=3.0)


def train_step(z):
    with tf.GradientTape() as d_tape:
        fake = tf.stop_gradient(generator(z, training=True))
        d_loss = bce(tf.ones((64, 1)), discriminator(real)) + bce(tf.zeros((64, 1)), discriminator(fake))
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    with tf.GradientTape() as g_tape:
        fake = tf.stop_gradient(generator(z, training=True))  # copied from the step above
        g_loss = bce(tf.ones((64, 1)), discriminator(fake))
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return g_loss


start = tf.reduce_mean(generator(tf.random.normal((256, 4))), axis=0)
for step in range(100):
    train_step(tf.random.normal((64, 4)))
end = tf.reduce_mean(generator(tf.random.normal((256, 4))), axis=0)

assert float(tf.norm(end - start)) > 0.1, "the generator did not move"
