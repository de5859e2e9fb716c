"""GF005: a trainer method differentiates with respect to the hidden activations and applies that gradient to the kernel.

Fails with: InvalidArgumentError: Cannot update variable with shape
"""
import tensorflow as tf

tf.random.set_seed(6)


class LinearTrainer:
    def __init__(self):
        self.kernel = tf.Variable(tf.zeros((3, 1)))
        self.optimizer = tf.keras.optimizers.SGD(0.1)

    def step(self, features, targets):
        with tf.GradientTape() as tape:
            hidden = tf.matmul(features, self.kernel)
            loss = tf.reduce_mean(tf.square(hidden - targets))
        grad = tape.gradient(loss, self.kernel)
        self.optimizer.apply_gradients([(grad, self.kernel)])
        return float(loss)


x = tf.random.normal((32, 3))
y = tf.matmul(x, [[0.5], [-1.0], [2.0]])
trainer = LinearTrainer()
losses = [trainer.step(x, y) for _ in range(200)]
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
