"""GF005: a trainer exposes every variable through an `all_vars` property (encoder's, then head's) but differentiates only the head's; zip pairs the head's gradients with the encoder's variables.

Fails with: InvalidArgumentError: Incompatible shapes: [8,1] vs. [3,8]
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = tf.reduce_sum(tf.sin(x), axis=1, keepdims=True)


class Trainer:
    def __init__(self):
        self.encoder = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh")])
        self.head = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.Adam(0.02)

    @property
    def all_vars(self):
        """Every variable the step trains, in one list."""
        return self.encoder.trainable_variables + self.head.trainable_variables

    def step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.head(self.encoder(x)) - y))
        grads = tape.gradient(loss, self.all_vars)
        self.optimizer.apply_gradients(zip(grads, self.all_vars))
        return float(loss)


trainer = Trainer()
first = trainer.step(x, y)
for _ in range(60):
    last = trainer.step(x, y)
assert last < 0.3 * first, f"did not train: {first:.4f} -> {last:.4f}"
