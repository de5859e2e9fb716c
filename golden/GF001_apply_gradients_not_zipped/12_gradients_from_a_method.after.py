"""GF001: the agent's gradients come back from one of its methods and are applied without their variables.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf

tf.random.set_seed(4)


class Regressor:
    def __init__(self):
        self.net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        self.opt = tf.keras.optimizers.Adam(0.05)

    def gradients(self, features, targets):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.net(features) - targets))
        return loss, tape.gradient(loss, self.net.trainable_variables)

    def update(self, features, targets):
        loss, grads = self.gradients(features, targets)
        self.opt.apply_gradients(zip(grads, self.net.trainable_variables))
        return float(loss)


x = tf.random.uniform((64, 2), -1.0, 1.0)
y = x @ tf.constant([[2.0], [-1.0]]) + 0.5
agent = Regressor()
for _ in range(300):
    last = agent.update(x, y)
assert last < 0.01, f"training failed: loss {last:.4f}"
