"""GF002: the trainer runs its own forward method before the tape opens; the loss inside the tape does not see the weights.

Fails with: ValueError: No gradients provided for any variable
"""
import tensorflow as tf

tf.random.set_seed(8)


class Fitter:
    def __init__(self):
        self.hidden = tf.keras.layers.Dense(8, activation="tanh")
        self.out = tf.keras.layers.Dense(1)
        self.optimizer = tf.keras.optimizers.Adam(0.02)

    @property
    def weights(self):
        return self.hidden.trainable_variables + self.out.trainable_variables

    def predict(self, features):
        return self.out(self.hidden(features))

    def step(self, features, targets):
        with tf.GradientTape() as tape:
            outputs = self.predict(features)
            loss = tf.reduce_mean(tf.square(outputs - targets))
        grads = tape.gradient(loss, self.weights)
        self.optimizer.apply_gradients(zip(grads, self.weights))
        return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = tf.sin(2.0 * x)
fitter = Fitter()
fitter.predict(x)
for _ in range(400):
    last = fitter.step(x, y)
assert last < 0.01, f"training failed: loss {last:.4f}"
