"""GF004: a trainer method stores the model's variables top-down in a name, then pairs the bottom-up gradients with it.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Two stacked bias-free layers: both kernels are 2x2, so the swap is silent.
x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.0, -1.0], [0.5, 2.0]])


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([
            tf.keras.Input((2,)),
            tf.keras.layers.Dense(2, use_bias=False),
            tf.keras.layers.Dense(2, use_bias=False),
        ])
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        top_down = self.model.trainable_variables[::-1]
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(50)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
