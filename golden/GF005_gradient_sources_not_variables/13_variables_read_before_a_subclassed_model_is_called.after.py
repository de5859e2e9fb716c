"""GF005: a subclassed Keras model's variables are read into a list before its first call, when its layers have no weights yet: the list stays empty, so nothing is trained.

Fails with: ValueError: not enough values to unpack (expected 2, got 0)
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class Regressor(keras.Model):
    """Two dense layers; built lazily, on the first batch."""

    def __init__(self, hidden=16):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


x = tf.random.normal((128, 3))
y = tf.reduce_sum(tf.square(x), axis=1, keepdims=True)

net = Regressor(32)
weights = net.trainable_variables  # collected once, for the step below
optimizer = keras.optimizers.Adam(learning_rate=0.02)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(xb) - yb))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    return loss


first = float(train_step(x, y))
for _ in range(200):
    last = float(train_step(x, y))
assert last < 0.3 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
