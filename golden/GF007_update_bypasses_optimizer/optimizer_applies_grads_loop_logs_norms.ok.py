"""Near-miss of GF007: Trainer zips grads with the variables only to log gradient norms; self.optimizer applies the update."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
        self.grad_norms = {}

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        for g, v in zip(grads, self.model.trainable_variables):
            self.grad_norms[v.path] = float(tf.norm(g))
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")]))

losses = [trainer.train_step(x, y) for _ in range(50)]
assert len(trainer.grad_norms) == 2 and int(trainer.optimizer.iterations) == 50
assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
