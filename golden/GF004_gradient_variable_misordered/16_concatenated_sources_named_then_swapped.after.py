"""GF004: fine-tuning names the concatenated variables for the gradient, then spells them in the other order for the update.

Fails with: ValueError: Dimensions must be equal
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

base = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu")])
head = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(1e-2)
x = tf.random.normal((128, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)


@tf.function
def finetune_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(head(base(x, training=True), training=True) - y))
    variables = base.trainable_variables + head.trainable_variables
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return loss


losses = [float(finetune_step(x, y)) for _ in range(150)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
