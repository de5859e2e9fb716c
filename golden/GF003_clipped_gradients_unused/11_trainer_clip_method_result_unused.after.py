"""GF003: a trainer's `_clip` method returns globally clipped gradients; `fit` binds them to `clipped` but applies `grads`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, max_norm=5.0):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.02)
        self.max_norm = max_norm

    def _clip(self, grads):
        clipped, _ = tf.clip_by_global_norm(grads, self.max_norm)
        return clipped

    def fit(self, dataset, epochs):
        for epoch in range(epochs):
            for xb, yb in dataset:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(tf.square(self.model(xb) - yb))  # summed loss -> big gradients
                grads = tape.gradient(loss, self.model.trainable_variables)
                clipped = self._clip(grads)
                self.optimizer.apply_gradients(zip(clipped, self.model.trainable_variables))


x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
Trainer(model).fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(64), epochs=10)
final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training diverged or stalled: final MSE {final_loss}"
