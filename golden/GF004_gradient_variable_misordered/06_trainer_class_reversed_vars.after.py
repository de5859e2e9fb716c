"""GF004: a trainer-class method pairs grads with reversed(self.model.trainable_variables).

Fails with: AssertionError
"""
from tensorflow import keras
import tensorflow as tf

tf.random.set_seed(0)

# Two stacked bias-free layers: both kernels are 2x2, so the swap is silent.
x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.0, -1.0], [0.5, 2.0]])


class Trainer:
    def __init__(self):
        self.model = keras.Sequential([
            keras.Input((2,)),
            keras.layers.Dense(2, use_bias=False),
            keras.layers.Dense(2, use_bias=False),
        ])
        self.optimizer = keras.optimizers.SGD(learning_rate=0.05)

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(50)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
