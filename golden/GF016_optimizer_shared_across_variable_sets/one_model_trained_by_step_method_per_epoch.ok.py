"""Near-miss of GF016: one model, built once, is trained by a step method in nested epoch and batch loops with the optimizer from `__init__`."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)

    def fit(self, batches, epochs):
        for epoch in range(epochs):
            for x, y in batches:
                loss = self.train_step(x, y)
        return loss


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
assert Trainer().fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32), 30) < 0.05, "did not fit"
