"""GF007: a trainer hands its gradients and variables to an `_apply_update` helper that steps each variable with a gradient by hand (`if g is not None:`), so the Adam optimizer built in __init__ is never used.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(2)


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.Adam(0.05)
        self.learning_rate = 1e-4

    def _apply_update(self, grads, variables):
        for g, v in zip(grads, variables):
            if g is not None:
                v.assign_sub(self.learning_rate * g)

    def train_step(self, features, targets):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(features) - targets))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self._apply_update(grads, self.model.trainable_variables)
        return float(loss)


x = tf.random.normal((128, 2))
y = x @ [[3.0], [-2.0]] + 1.0
trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(150)]
assert losses[-1] < 0.05 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
