"""Near-miss of GF009: Trainer.train_step passes its grads to a helper method that clips and applies them with self.optimizer."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, clip_norm=5.0):
        self.model = model
        self.clip_norm = clip_norm
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def apply_clipped(self, grads):
        clipped, _ = tf.clip_by_global_norm(grads, self.clip_norm)
        self.optimizer.apply_gradients(zip(clipped, self.model.trainable_variables))

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb, training=True) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.apply_clipped(grads)
        return float(loss)


x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]]) + 1.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")]))

losses = [trainer.train_step(x, y) for _ in range(40)]
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
