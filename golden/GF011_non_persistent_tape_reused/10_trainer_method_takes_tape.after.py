"""GF011: a trainer method takes the tape as an argument and is asked for the update gradients and then for input gradients.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        self.sensitivity = None

    def _gradients(self, tape, loss, sources):
        return tape.gradient(loss, sources)

    @tf.function
    def train_step(self, x, y):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = self._gradients(tape, loss, self.model.trainable_variables)
        input_grads = self._gradients(tape, loss, x)
        del tape
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return loss, tf.reduce_mean(tf.abs(input_grads), axis=0)

    def fit(self, x, y, steps):
        losses = []
        for _ in range(steps):
            loss, self.sensitivity = self.train_step(x, y)
            losses.append(float(loss))
        return losses


x = tf.random.normal((64, 2))
y = x[:, :1] * 3.0
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)]))
losses = trainer.fit(x, y, 50)
assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
assert float(trainer.sensitivity[0]) > float(trainer.sensitivity[1]), "feature 0 should matter most"
