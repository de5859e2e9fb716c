"""GF008: a trainer class's train_step differentiates with tf.gradients and applies with self.optimizer.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 1.5*x1 - x2 + 0.5 with a linear layer written by hand.
x = tf.random.normal((64, 2))
y = tf.matmul(x, [[1.5], [-1.0]]) + 0.5


class LinearTrainer:
    def __init__(self, learning_rate=0.1):
        self.w = tf.Variable(tf.zeros((2, 1)))
        self.b = tf.Variable(tf.zeros((1,)))
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            outputs = tf.matmul(x, self.w) + self.b
            loss = tf.reduce_mean(tf.square(outputs - y))
        grads = tape.gradient(loss, [self.w, self.b])
        self.optimizer.apply_gradients(zip(grads, [self.w, self.b]))
        return float(loss)


trainer = LinearTrainer()
first = trainer.train_step(x, y)
for _ in range(40):
    last = trainer.train_step(x, y)
assert last < 0.01 * first, f"trainer did not learn: {first:.4f} -> {last:.6f}"
