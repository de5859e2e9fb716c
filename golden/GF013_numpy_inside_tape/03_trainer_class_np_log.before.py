"""GF013: a trainer method writes cross-entropy by hand and takes np.log of the softmax probabilities inside the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.5):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    def train_step(self, x, labels):
        with tf.GradientTape() as tape:
            probs = tf.nn.softmax(self.model(x, training=True))
            # cross-entropy, written out
            log_probs = np.log(probs + 1e-7)
            loss = -tf.reduce_mean(tf.reduce_sum(labels * log_probs, axis=1))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


# three blobs -> three classes
centers = tf.constant([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
y_all = tf.repeat(tf.range(3), 30)
x_all = tf.gather(centers, y_all) + 0.5 * tf.random.normal((90, 2))

trainer = Trainer(tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(3)]))
losses = [trainer.train_step(x_all, tf.one_hot(y_all, depth=3)) for _ in range(30)]

accuracy = float(tf.reduce_mean(tf.cast(tf.argmax(trainer.model(x_all), axis=1) == tf.cast(y_all, tf.int64), tf.float32)))
assert losses[-1] < 0.5 * losses[0] and accuracy > 0.9, f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {accuracy:.2f}"
