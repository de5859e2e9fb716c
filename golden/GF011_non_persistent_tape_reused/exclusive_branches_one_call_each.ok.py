"""Near-miss of GF011: two gradient calls on one non-persistent tape, but in the two branches of an if/else, so only one ever runs."""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, weight_decay=0.0):
        self.model = model
        self.weight_decay = weight_decay
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            data_loss = tf.reduce_mean(tf.square(self.model(x, training=True) - y))
            total_loss = data_loss + self.weight_decay * tf.reduce_sum(tf.square(self.model.trainable_variables[0]))
        if self.weight_decay > 0:
            grads = tape.gradient(total_loss, self.model.trainable_variables)
        else:
            grads = tape.gradient(data_loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(data_loss)


x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
plain = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]))
decayed = Trainer(tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)]), weight_decay=1e-3)
plain_losses = [plain.train_step(x, y) for _ in range(40)]
decayed_losses = [decayed.train_step(x, y) for _ in range(40)]

assert plain_losses[-1] < 0.01 * plain_losses[0], f"plain trainer did not fit: {plain_losses[0]:.4f} -> {plain_losses[-1]:.4f}"
assert decayed_losses[-1] < 0.01 * decayed_losses[0], f"decayed trainer did not fit: {decayed_losses[0]:.4f} -> {decayed_losses[-1]:.4f}"
