"""Near-miss of GF002: a frozen encoder's features are computed before the tape, but only the head's variables are differentiated (linear probe)."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = 3.0 * x[:, :1] - x[:, 1:] + 2.0

encoder = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(32, activation="relu")])
encoder.trainable = False  # pretrained, frozen
head = tf.keras.Sequential([tf.keras.Input(shape=(32,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def probe_step(x, y):
    features = encoder(x, training=False)  # no gradient needed through the encoder
    with tf.GradientTape() as tape:
        pred = head(features, training=True)
        loss = tf.reduce_mean(tf.square(y - pred))
    grads = tape.gradient(loss, head.trainable_variables)
    optimizer.apply_gradients(zip(grads, head.trainable_variables))
    return loss


first = float(probe_step(x, y))
for _ in range(40):
    last = float(probe_step(x, y))
assert last < 0.2 * first, f"linear probe did not learn: {first:.3f} -> {last:.3f}"
