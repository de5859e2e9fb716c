"""GF009: Trainer.fit runs its step loop but self.optimizer.apply_gradients sits after the loop, so only the final grads are applied.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

    def fit(self, x, y, steps=40):
        history = []
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
            grads = tape.gradient(loss, self.model.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
            history.append(float(loss))
        return history


x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")]))
history = trainer.fit(x, y)

final_loss = float(tf.reduce_mean(tf.square(trainer.model(x) - y)))
assert final_loss < 0.05 * history[0], f"loss did not go down: {history[0]:.4f} -> {final_loss:.4f}"
