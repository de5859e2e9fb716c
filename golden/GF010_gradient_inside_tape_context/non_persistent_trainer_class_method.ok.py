"""Near-miss of GF010 (non-persistent tape, nothing lost: recording stops at the call): trainer method calls gradient as the last statement of its own tape's with block (trailing comment kept)."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.5):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
        self.loss_fn = tf.keras.losses.MeanSquaredError()

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = self.loss_fn(y, self.model(x, training=True))
            grads = tape.gradient(loss, self.model.trainable_variables)  # one gradient per step
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]))
losses = [trainer.train_step(x, y) for _ in range(30)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
