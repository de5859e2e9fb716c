"""GF002: a Keras model's train_step runs the encoder it was handed before the tape; the encoder's weights get no gradients.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(9)


class TwoStage(tf.keras.Model):
    def __init__(self, encoder, head):
        super().__init__()
        self.encoder = encoder
        self.head = head

    def call(self, inputs):
        return self.head(self.encoder(inputs))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            codes = self.encoder(x, training=True)
            loss = tf.reduce_mean(tf.square(self.head(codes, training=True) - y))
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(
            (g, v) for g, v in zip(grads, self.trainable_weights) if g is not None
        )
        return {"loss": loss}


encoder = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(4)])
head = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
model = TwoStage(encoder, head)
model.compile(optimizer=tf.keras.optimizers.Adam(0.02))
start = tf.identity(encoder.trainable_variables[0])
x = tf.random.uniform((64, 2), -1.0, 1.0)
y = x @ tf.constant([[1.0], [-1.0]])
model.fit(x, y, epochs=3, batch_size=16, verbose=0)
moved = float(tf.reduce_sum(tf.abs(encoder.trainable_variables[0] - start)))
assert moved > 0.0, "the encoder never trained"
