"""GF001 GF010 GF013 GF013: a trainer computes its loss with NumPy inside a persistent tape, takes the gradient inside the block, and applies two lists.

Fails with: AttributeError: 'numpy.float32' object has no attribute '_id'
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape(persistent=True) as tape:
            pred = self.model(x, training=True)
            loss = np.mean(np.square(pred - y))
            grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(grads, self.model.trainable_variables)
        return float(loss)


x = tf.random.normal((64, 2))
y = x @ [[3.0], [-1.0]] + 0.5
trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(60)]

assert losses[-1] < 0.01 * losses[0], f"loss did not drop: {losses[0]:.4f} -> {losses[-1]:.4f}"
