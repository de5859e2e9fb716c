"""GF012: a trainer rebuilds `self.optimizer` at the top of every epoch while its `train_step` method takes the batch steps, so Adam's moments restart each epoch.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, rate=0.05):
        self.model = model
        self.rate = rate

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)

    def fit(self, batches, epochs):
        history = []
        for epoch in range(epochs):
            self.optimizer = tf.keras.optimizers.Adam(learning_rate=self.rate)
            for x, y in batches:
                history.append(self.train_step(x, y))
        return history


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]))
losses = trainer.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32), epochs=20)
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
