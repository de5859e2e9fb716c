"""GF006: a reset method builds a new tf.Variable for the fitted scale, but the optimizer made in __init__ keeps stepping the old one.

Fails with: ValueError: Unknown variable
"""
import tensorflow as tf

tf.random.set_seed(16)


class ScaleFitter:
    def __init__(self):
        self.scale = tf.Variable(1.0)
        self.optimizer = tf.keras.optimizers.Adam(0.05)

    def reset(self):
        self.scale.assign(1.0)

    def fit(self, features, targets, steps=200):
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.scale * features - targets))
            grads = tape.gradient(loss, [self.scale])
            self.optimizer.apply_gradients(zip(grads, [self.scale]))
        return float(self.scale)


fitter = ScaleFitter()
x = tf.random.uniform((64,), 0.5, 1.5)
for factor in (2.0, 3.0):
    fitter.reset()
    fitted = fitter.fit(x, factor * x)
    assert abs(fitted - factor) < 0.05, f"fitted {fitted:.3f}, expected {factor}"
