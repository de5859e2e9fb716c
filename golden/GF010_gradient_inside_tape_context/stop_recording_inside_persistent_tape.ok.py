"""Near-miss of GF010: gradient is called inside the tape's context but under `tape.stop_recording()`, the pattern TensorFlow documents (no warning, nothing recorded)."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)

    def train_step(self, x, y):
        with tf.GradientTape(persistent=True) as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
            with tape.stop_recording():
                # The gradient computation below is not traced, saving memory.
                grads = tape.gradient(loss, self.model.trainable_variables)
        del tape
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]))
losses = [trainer.train_step(x, y) for _ in range(30)]

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
