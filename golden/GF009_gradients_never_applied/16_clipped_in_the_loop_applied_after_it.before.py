"""GF009: a trainer clips each batch's gradients by their global norm inside the batch loop, but apply_gradients sits after the loop, so it runs once per epoch with the last batch's clipped grads.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

features = tf.random.normal((96, 3))
targets = features @ tf.constant([[1.0], [-2.0], [0.5]]) + 1.0
batches = tf.data.Dataset.from_tensor_slices((features, targets)).batch(16)  # 6 batches


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def mse(self):
        return float(tf.reduce_mean(tf.square(self.model(features) - targets)))

    def fit(self, epochs):
        for epoch in range(epochs):
            for xb, yb in batches:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(self.model(xb) - yb))
                grads = tape.gradient(loss, self.model.trainable_variables)
                grads, norm = tf.clip_by_global_norm(grads, 5.0)  # keep the steps bounded
            self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))


trainer = Trainer()
start = trainer.mse()
trainer.fit(6)
end = trainer.mse()
assert end < 0.02 * start, f"loss did not go down enough: {start:.4f} -> {end:.4f}"
