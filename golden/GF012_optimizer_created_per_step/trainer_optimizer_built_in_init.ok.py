"""Near-miss of GF012: the trainer builds self.optimizer once in __init__; train_step, called every step, only uses it."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.01):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")]))
losses = [trainer.train_step(x, y) for _ in range(30)]

assert losses[-1] < 0.1 * losses[0], f"momentum never built up: loss {losses[0]:.3f} -> {losses[-1]:.3f}"
