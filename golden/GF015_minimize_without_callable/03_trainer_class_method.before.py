"""GF015: a trainer class's train_step calls self.optimizer.minimize with the loss tensor it just computed.

Fails with: AttributeError: 'Adam' object has no attribute 'minimize'
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = x1 - 2*x2 + 0.5 with a small MLP.
x = tf.random.normal((128, 2))
y = x[:, :1] - 2.0 * x[:, 1:] + 0.5


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([
            tf.keras.Input((2,)),
            tf.keras.layers.Dense(16, activation="relu"),
            tf.keras.layers.Dense(1),
        ])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
        self.loss_fn = tf.keras.losses.MeanSquaredError()

    def train_step(self, x, y):
        pred = self.model(x, training=True)
        loss = self.loss_fn(y, pred)
        self.optimizer.minimize(loss, self.model.trainable_variables)
        return float(loss)


trainer = Trainer()
first = trainer.train_step(x, y)
for _ in range(30):
    last = trainer.train_step(x, y)
assert last < 0.1 * first, f"trainer did not learn: {first:.4f} -> {last:.5f}"
