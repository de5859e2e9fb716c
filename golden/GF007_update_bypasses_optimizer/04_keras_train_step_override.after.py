"""GF007: a Keras Model subclass's train_step assigns self.trainable_variables instead of calling self.optimizer.

Fails with: AttributeError: property 'trainable_variables' of 'Regressor' object has no setter
"""
import tensorflow as tf

tf.random.set_seed(0)


class Regressor(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(1, kernel_initializer="zeros")

    def call(self, inputs):
        return self.dense(inputs)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = tf.reduce_mean(tf.square(y_pred - y))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"mse": loss}


x = tf.random.normal((128, 1))
y = 3.0 * x + 2.0
model = Regressor()
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1))
history = model.fit(x, y, batch_size=32, epochs=8, verbose=0)
losses = history.history["mse"]
assert losses[-1] < 0.01 * losses[0], f"fit did not learn y = 3x + 2: {losses[0]:.3f} -> {losses[-1]:.3f}"
