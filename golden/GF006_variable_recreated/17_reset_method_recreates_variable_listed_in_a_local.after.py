"""GF006: a trainer's reset method re-creates a tf.Variable that its update step lists, with the network's weights, in a local name; the optimizer was built with the old one.

Fails with: ValueError: Unknown variable
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class ScaledRegressor:
    def __init__(self):
        self.net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        self.log_scale = tf.Variable(0.0, name="log_scale")
        self.optimizer = keras.optimizers.Adam(0.05)

    def reset_scale(self):
        self.log_scale.assign(0.0)

    def update(self, x, y):
        variables = self.net.trainable_variables + [self.log_scale]
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.exp(self.log_scale) * self.net(x) - y))
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return float(loss)


x = tf.random.normal((128, 3))
y = 2.0 * tf.reduce_sum(x, axis=1, keepdims=True)
trainer = ScaledRegressor()
losses = []
for phase in range(2):
    losses += [trainer.update(x, y) for _ in range(100)]
    trainer.reset_scale()

assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
