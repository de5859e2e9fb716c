"""GF005: trainer method takes gradients w.r.t. `self.head.trainable_variables` but applies them to `self.model.trainable_variables`.

Fails with: InvalidArgumentError: Cannot update variable with shape [3,8] using a Tensor with shape [8,1], shapes must be equal.
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self):
        self.backbone = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh")])
        self.head = tf.keras.layers.Dense(1)
        self.model = tf.keras.Sequential([self.backbone, self.head])
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        # backbone and head are trained together
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((64, 3))
y = tf.reduce_sum(x * [1.0, -2.0, 0.5], axis=1, keepdims=True)
trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(40)]
assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
