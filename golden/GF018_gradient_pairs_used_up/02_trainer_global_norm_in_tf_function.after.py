"""GF018: a trainer's @tf.function step reads the zipped pairs for their global norm, then applies them.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

    @tf.function
    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        grads_and_vars = list(zip(grads, self.model.trainable_variables))
        grad_norm = tf.linalg.global_norm([g for g, _ in grads_and_vars])
        self.optimizer.apply_gradients(grads_and_vars)
        return loss, grad_norm


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]))
losses = [float(trainer.train_step(x, y)[0]) for _ in range(50)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
