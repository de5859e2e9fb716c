"""GF012: a trainer assigns `self.optimizer = Adam(...)` at the top of every train_step, so Adam's moments restart on each batch.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, rate=0.05):
        self.model = model
        self.rate = rate

    def train_step(self, x, y):
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=self.rate)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((64, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]))
losses = [trainer.train_step(x, y) for _ in range(80)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
