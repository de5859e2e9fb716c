"""Near-miss of GF005: only the encoder is fine-tuned against a frozen decoder; the list of both models' variables is built for saving, not zipped with the gradients."""
import tensorflow as tf

tf.random.set_seed(4)

encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
decoder = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(4)])
optimizer = tf.keras.optimizers.Adam(0.05)
x = tf.random.normal((128, 4))
decoder_before = [v.numpy().copy() for v in decoder.trainable_variables]


def train_step(batch):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(decoder(encoder(batch)) - batch))
    grads = tape.gradient(loss, encoder.trainable_variables)
    everything = encoder.trainable_variables + decoder.trainable_variables
    optimizer.apply_gradients(zip(grads, encoder.trainable_variables))
    return float(loss), len(everything)


first, count = train_step(x)
for _ in range(100):
    last, count = train_step(x)
assert last < first and count == 4, f"loss did not go down: {first:.3f} -> {last:.3f}"
assert all((v.numpy() == b).all() for v, b in zip(decoder.trainable_variables, decoder_before)), "the decoder must stay frozen"
