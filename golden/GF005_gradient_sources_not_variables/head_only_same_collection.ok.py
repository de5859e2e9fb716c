"""Near-miss of GF005: the forward pass runs the whole model, but grads w.r.t. `head.trainable_variables` are zipped with that same collection (the encoder is frozen on purpose)."""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class HeadTrainer:
    def __init__(self, encoder, head):
        self.encoder = encoder
        self.head = head
        self.model = keras.Sequential([encoder, head])
        self.optimizer = keras.optimizers.SGD(learning_rate=0.1)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.head.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.head.trainable_variables))
        return float(loss)


encoder = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="tanh")])
head = keras.layers.Dense(1)
trainer = HeadTrainer(encoder, head)
frozen = [v.numpy().copy() for v in encoder.trainable_variables]

x = tf.random.normal((64, 3))
y = tf.tanh(x[:, :1] + x[:, 2:])
losses = [trainer.train_step(x, y) for _ in range(40)]

unchanged = all((v.numpy() == f).all() for v, f in zip(encoder.trainable_variables, frozen))
assert unchanged and losses[-1] < 0.5 * losses[0], f"encoder changed={not unchanged}, loss {losses[0]:.3f} -> {losses[-1]:.3f}"
