"""Near-miss of GF011: one gradient call with a list of two variable collections, unpacked into two sets of gradients."""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

x = tf.random.uniform((128, 2), -1.0, 1.0)
y = x[:, :1] - 2.0 * x[:, 1:]

encoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8)])
head = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
encoder_optimizer = keras.optimizers.Adam(learning_rate=0.005)
head_optimizer = keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = head(encoder(x, training=True), training=True)
        loss = tf.reduce_mean(tf.square(pred - y))
    encoder_grads, head_grads = tape.gradient(loss, [encoder.trainable_variables, head.trainable_variables])
    encoder_optimizer.apply_gradients(zip(encoder_grads, encoder.trainable_variables))
    head_optimizer.apply_gradients(zip(head_grads, head.trainable_variables))
    return loss


first = float(train_step(x, y))
for _ in range(40):
    last = float(train_step(x, y))
assert last < 0.2 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
