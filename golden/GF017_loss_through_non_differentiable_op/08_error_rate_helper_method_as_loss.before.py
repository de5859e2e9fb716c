"""GF017: a Keras train_step override trains on its own error-rate method, which goes through argmax and a comparison: the loss has no gradient.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class ErrorRateModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.out = keras.layers.Dense(2)

    def call(self, x, training=False):
        return self.out(self.hidden(x))

    def _error_rate(self, y, logits):
        predicted = tf.argmax(logits, axis=-1, output_type=tf.int32)
        return tf.reduce_mean(tf.cast(tf.not_equal(predicted, y), tf.float32))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = self._error_rate(y, self(x, training=True))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"error": loss}


x = tf.random.normal((256, 4))
y = tf.cast(tf.reduce_sum(x, axis=1) > 0, tf.int32)
model = ErrorRateModel()
model.compile(optimizer=keras.optimizers.Adam(0.01))
history = model.fit(x, y, batch_size=32, epochs=5, verbose=0)

errors = history.history["error"]
assert errors[-1] < 0.5 * errors[0], f"error rate did not go down: {errors[0]:.3f} -> {errors[-1]:.3f}"
