"""GF018: a Keras train_step override tracks the gradient norm from the zipped pairs, then applies them.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(1)
        self.grad_norm = keras.metrics.Mean(name="grad_norm")

    def call(self, inputs):
        return self.out(self.hidden(inputs))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self(x, training=True) - y))
        grads_and_vars = list(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
        self.grad_norm.update_state(tf.linalg.global_norm([grad for grad, _ in grads_and_vars]))
        self.optimizer.apply_gradients(grads_and_vars)
        return {"mse": loss, "grad_norm": self.grad_norm.result()}


x = tf.random.normal((256, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = Regressor()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01))
history = model.fit(x, y, batch_size=32, epochs=10, verbose=0)

losses = history.history["mse"]
assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
