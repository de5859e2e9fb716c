"""GF010: trainer method asks its persistent tape for gradients inside the block, then logs there.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self):
        self.w = tf.Variable([[0.0], [0.0]])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
        self.log = []

    def train_step(self, x, y):
        with tf.GradientTape(persistent=True) as tape:
            loss = tf.reduce_mean(tf.square(x @ self.w - y))
        # Gradient of the loss with respect to the weights.
        grads = tape.gradient(loss, [self.w])
        self.log.append(float(loss))
        self.optimizer.apply_gradients(zip(grads, [self.w]))


x = tf.random.normal((32, 2))
y = x @ tf.constant([[1.5], [-0.5]])
trainer = Trainer()
for _ in range(80):
    trainer.train_step(x, y)
assert trainer.log[-1] < 0.01 * trainer.log[0], f"loss did not go down: {trainer.log[0]:.4f} -> {trainer.log[-1]:.4f}"
