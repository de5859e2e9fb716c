"""Near-miss of GF014: tf.constant tensors are only the data; the trainer differentiates w.r.t. the model's variables."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.constant([[-1.0], [-0.5], [0.0], [0.5], [1.0]])
y = tf.constant([[-1.0], [0.5], [2.0], [3.5], [5.0]])  # y = 3x + 2
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")]))
losses = [trainer.train_step(x, y) for _ in range(50)]

w, b = (float(tf.reshape(v, [])) for v in trainer.model.trainable_variables)
assert abs(w - 3.0) < 0.2 and abs(b - 2.0) < 0.2, f"expected w~3, b~2, got w={w:.3f}, b={b:.3f} (loss {losses[-1]:.4f})"
