"""Near-miss of GF002: a tensor computed before the tape is tape.watch()ed on purpose and the gradient is taken with respect to it, not the model's variables."""
import tensorflow as tf

tf.random.set_seed(0)

# a fixed model: encoder -> head; we optimise the latent codes, not the weights
encoder = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(4, activation="tanh")])
head = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1)])

x = tf.random.normal((8, 3))
target = tf.fill((8, 1), 1.5)

latent = encoder(x)
losses = []
for step in range(30):
    with tf.GradientTape() as tape:
        tape.watch(latent)  # differentiate with respect to the latent codes
        loss = tf.reduce_sum(tf.square(head(latent) - target))
    d_latent = tape.gradient(loss, latent)
    latent = latent - 0.2 * d_latent
    losses.append(float(loss))

assert losses[-1] < 0.5 * losses[0], f"latent optimisation did not reduce the loss: {losses[0]:.3f} -> {losses[-1]:.3f}"
