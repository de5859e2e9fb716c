"""Near-miss of GF016: one Adam updates the encoder and the head together, through a single apply_gradients call on the concatenation of both collections."""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.matmul(x, tf.constant([[1.0], [-1.0], [0.5], [2.0]]))

encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="relu")])
head = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
optimizer = Adam(learning_rate=0.05)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(head(encoder(xb, training=True), training=True) - yb))
    # Encoder and head share one optimizer built for both collections at once.
    grads = tape.gradient(loss, encoder.trainable_variables + head.trainable_variables)
    optimizer.apply_gradients(zip(grads, encoder.trainable_variables + head.trainable_variables))
    return loss


losses = [float(train_step(x, y)) for _ in range(50)]

assert losses[-1] < 0.1 * losses[0], f"encoder + head did not learn: {losses[0]:.3f} -> {losses[-1]:.3f}"
