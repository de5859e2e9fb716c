"""GF011: trainer method reuses its non-persistent tape for an input-saliency gradient after the update gradients.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
        self.loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
        self.saliency = []

    def train_step(self, x, y):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            loss = self.loss_fn(y, self.model(x, training=True))
        grads = tape.gradient(loss, self.model.trainable_variables)
        input_grads = tape.gradient(loss, x)  # which input features the loss is sensitive to
        del tape
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.saliency.append(tf.reduce_mean(tf.abs(input_grads), axis=0))
        return float(loss)


# Only the first of three features decides the label.
x = tf.random.normal((128, 3))
y = tf.cast(x[:, :1] > 0, tf.float32)
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)]))
losses = [trainer.train_step(x, y) for _ in range(30)]

assert losses[-1] < 0.5 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
assert int(tf.argmax(trainer.saliency[-1])) == 0, f"feature 0 should matter most: {trainer.saliency[-1].numpy()}"
