"""GF012: a trainer's fit loop assigns `self.optimizer = RMSprop(...)` inside the batch loop, so the optimizer's running averages restart on every batch.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)


class Regressor:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        self.history = []

    def fit(self, batches, epochs):
        for epoch in range(epochs):
            for x, y in batches:
                self.optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.01)
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(self.model(x) - y))
                grads = tape.gradient(loss, self.model.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
                self.history.append(float(loss))


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
regressor = Regressor()
regressor.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32), epochs=40)
assert regressor.history[-1] < 0.1 * regressor.history[0], f"loss did not go down: {regressor.history[0]:.4f} -> {regressor.history[-1]:.4f}"
