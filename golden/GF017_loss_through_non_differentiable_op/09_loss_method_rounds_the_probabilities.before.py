"""GF017: a tagger's loss method compares the labels with `tf.round` of the sigmoid probabilities; the logits computed in the tape reach the loss only through the rounding, so the gradients are None (reported; the fix belongs in the helper).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)


class Tagger:
    def __init__(self, n_features, n_tags):
        self.model = tf.keras.Sequential([tf.keras.Input((n_features,)), tf.keras.layers.Dense(n_tags)])
        self.optimizer = tf.keras.optimizers.Adam(0.05)

    def loss(self, y, logits):
        hard = tf.round(tf.sigmoid(logits))
        return tf.reduce_mean(tf.square(y - hard))

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            logits = self.model(x, training=True)
            loss = self.loss(y, logits)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((128, 6))
y = tf.cast(x[:, :3] > 0, tf.float32)
tagger = Tagger(6, 3)
losses = [tagger.train_step(x, y) for _ in range(50)]
assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
