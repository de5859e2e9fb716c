"""Near-miss of GF005: a trainer caches `model.trainable_variables` in __init__, but the model it is handed was called on a batch first, so its weights exist and the list holds them."""
import tensorflow as tf

tf.random.set_seed(0)


class MLPRegressor(tf.keras.Model):
    def __init__(self, hidden=(16, 8)):
        super().__init__()
        self.blocks = [tf.keras.layers.Dense(h, activation="relu") for h in hidden]
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class Trainer:
    def __init__(self, model, learning_rate):
        self.model = model
        self.params = model.trainable_variables
        self.optimizer = tf.keras.optimizers.Adam(learning_rate)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
        grads = tape.gradient(loss, self.params)
        self.optimizer.apply_gradients(zip(grads, self.params))
        return float(loss)


x = tf.random.normal((128, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)
regressor = MLPRegressor()
regressor(x[:1])  # build the weights
trainer = Trainer(regressor, 0.01)
losses = [trainer.train_step(x, y) for _ in range(60)]
assert losses[-1] < 0.2 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
