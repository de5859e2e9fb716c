"""GF017: a trainer scores the sign of its output against +/-1 labels; `tf.sign` has a zero gradient, so the weights never move.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)


class SignTrainer:
    def __init__(self):
        self.w = tf.Variable(tf.random.normal((3, 1), stddev=0.1))
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def step(self, x, labels):
        with tf.GradientTape() as tape:
            decision = tf.sign(x @ self.w) + (x @ self.w - tf.stop_gradient(x @ self.w))
            loss = tf.reduce_mean(tf.square(decision - labels))
        grads = tape.gradient(loss, [self.w])
        self.optimizer.apply_gradients(zip(grads, [self.w]))
        return float(loss)


x = tf.random.normal((200, 3))
labels = tf.sign(x @ tf.constant([[1.0], [-2.0], [0.5]]))
trainer = SignTrainer()
first = trainer.step(x, labels)
for _ in range(100):
    last = trainer.step(x, labels)
assert last < 0.5 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
