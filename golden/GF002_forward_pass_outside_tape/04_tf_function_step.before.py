"""GF002: @tf.function train step; the (multi-line) logits statement runs before the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

features = tf.random.normal((128, 4))
labels = tf.cast(features[:, 0] - features[:, 2] > 0, tf.float32)

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(x, y):
    logits = tf.squeeze(model(x, training=True),
                        axis=-1)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step(features, labels))
for _ in range(40):
    last = float(train_step(features, labels))
assert last < 0.5 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
