"""Near-miss of GF013: float(loss) and int(...) are taken after tape.gradient, for early stopping; the tape only saw TensorFlow ops."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]))

first = trainer.train_step(x, y)
for step in range(60):
    last = trainer.train_step(x, y)
    if last < 0.01 * first:  # early stopping
        break

steps_taken = int(trainer.optimizer.iterations)
assert last < 0.01 * first and steps_taken < 60, f"no early stop: {first:.3f} -> {last:.4f} after {steps_taken} steps"
