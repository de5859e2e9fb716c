"""GF016: an ensemble trainer builds one optimizer in `__init__` and trains each member in turn through its `train_step` method.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.random.set_seed(0)
LEARNING_RATE = 0.1


class EnsembleTrainer:
    def __init__(self, members):
        self.members = members
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)

    def fit(self, x, y, steps):
        final = []
        for member in self.members:
            self.model = member
            for _ in range(steps):
                loss = self.train_step(x, y)
            final.append(loss)
        return final


x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
members = [tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]) for _ in range(3)]
final = EnsembleTrainer(members).fit(x, y, 60)
assert max(final) < 0.05, f"some member did not fit: {final}"
