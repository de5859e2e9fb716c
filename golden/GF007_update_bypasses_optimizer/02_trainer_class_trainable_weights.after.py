"""GF007: Trainer.train_step assigns a new list to self.model.trainable_weights while self.optimizer sits unused.

Fails with: AttributeError: property 'trainable_weights' of 'Sequential' object has no setter
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.1):
        self.model = model
        self.learning_rate = learning_rate
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.model.trainable_weights)
        # move every weight against its gradient
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_weights))
        return float(loss)


x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
trainer = Trainer(model)

losses = [trainer.train_step(x, y) for _ in range(40)]
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
