"""Near-miss of GF008: a trainer method decorated with @tf.function(reduce_retracing=True) uses tf.compat.v1.gradients in graph mode."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 2))
y = tf.matmul(x, [[1.5], [-1.0]]) + 0.5


class LinearTrainer:
    def __init__(self):
        self.w = tf.Variable(tf.zeros((2, 1)))
        self.b = tf.Variable(tf.zeros((1,)))
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

    @tf.function(reduce_retracing=True)
    def train_step(self, x, y):
        outputs = tf.matmul(x, self.w) + self.b
        loss = tf.reduce_mean(tf.square(outputs - y))
        grads = tf.compat.v1.gradients(loss, [self.w, self.b])
        self.optimizer.apply_gradients(zip(grads, [self.w, self.b]))
        return loss


trainer = LinearTrainer()
first = float(trainer.train_step(x, y))
for _ in range(40):
    last = float(trainer.train_step(x, y))
assert last < 0.05 * first, f"trainer did not learn: {first:.4f} -> {last:.5f}"
