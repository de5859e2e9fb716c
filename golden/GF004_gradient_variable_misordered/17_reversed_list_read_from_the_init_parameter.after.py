"""GF004: a trainer stores the variables of the model it is handed (`model.trainable_variables[::-1]`, read from the parameter, not `self.model`) top-down in __init__, and its step pairs the bottom-up gradients with them.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Two stacked bias-free layers: both kernels are 2x2, so the swap is silent.
x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.0, -1.0], [0.5, 2.0]])


class Trainer:
    def __init__(self, model, learning_rate):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate)
        self.top_down = model.trainable_variables[::-1]  # head first, for logging

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return loss


model = tf.keras.Sequential([
    tf.keras.Input((2,)),
    tf.keras.layers.Dense(2, use_bias=False),
    tf.keras.layers.Dense(2, use_bias=False),
])
trainer = Trainer(model, 0.05)
losses = [float(trainer.train_step(x, y)) for _ in range(50)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
