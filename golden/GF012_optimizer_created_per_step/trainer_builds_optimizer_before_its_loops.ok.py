"""Near-miss of GF012: a trainer's fit builds `self.optimizer` once, before its epoch and batch loops, and a step method applies the gradients."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)

    def fit(self, batches, epochs, rate=0.05):
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=rate)
        history = []
        for epoch in range(epochs):
            for x, y in batches:
                history.append(self.train_step(x, y))
        return history


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
losses = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])).fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32), 20)
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
