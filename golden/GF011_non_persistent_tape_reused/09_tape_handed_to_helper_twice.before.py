"""GF011: a GAN step hands its one non-persistent tape to a gradient helper twice, once per network.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)

generator = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2)])
critic = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
g_optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
c_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)


def gradients_for(tape, loss, network):
    return tape.gradient(loss, network.trainable_variables)


def train_step(noise, real):
    with tf.GradientTape() as tape:
        fake = generator(noise)
        c_loss = tf.reduce_mean(critic(fake)) - tf.reduce_mean(critic(real)) + 0.1 * tf.reduce_mean(tf.square(critic(real)))
        g_loss = tf.reduce_mean(tf.square(fake - real))
    c_grads = gradients_for(tape, c_loss, critic)
    g_grads = gradients_for(tape, g_loss, generator)
    c_optimizer.apply_gradients(zip(c_grads, critic.trainable_variables))
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    return float(g_loss)


real = tf.random.normal((32, 2)) + 3.0
noise = tf.random.normal((32, 2))
losses = [train_step(noise, real) for _ in range(100)]
assert losses[-1] < 0.5 * losses[0], f"generator loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
