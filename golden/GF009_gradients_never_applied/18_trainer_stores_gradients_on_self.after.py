"""GF009: a trainer keeps the step's gradients on `self.grads`, and no code ever reads them, so the model never changes.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

    @tf.function
    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        self.grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(self.grads, self.model.trainable_variables))
        return loss


x = tf.random.normal((64, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]))
losses = [float(trainer.train_step(x, y)) for _ in range(80)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
