"""GF013: a classifier's trainer method clips the predicted probabilities with np.clip inside the tape before the log-loss.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(4)


class ClassifierTrainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, activation="sigmoid")])
        self.optimizer = tf.keras.optimizers.Adam(0.05)

    def train_step(self, features, labels):
        with tf.GradientTape() as tape:
            probabilities = tf.clip_by_value(self.model(features), 1e-7, 1.0 - 1e-7)
            loss = -tf.reduce_mean(labels * tf.math.log(probabilities) + (1.0 - labels) * tf.math.log(1.0 - probabilities))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((128, 2))
y = tf.cast(x[:, :1] - x[:, 1:] > 0.0, tf.float32)
trainer = ClassifierTrainer()
losses = [trainer.train_step(x, y) for _ in range(100)]
assert losses[-1] < 0.5 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
