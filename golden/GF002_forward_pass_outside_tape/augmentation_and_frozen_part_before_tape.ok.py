"""Near-miss of GF002: before the tape a Keras model only augments its batch (layers with no weights) and runs a frozen feature extractor in inference mode."""
import tensorflow as tf

tf.random.set_seed(10)


class Probe(tf.keras.Model):
    def __init__(self, features, head):
        super().__init__()
        self.augment = tf.keras.Sequential([tf.keras.layers.Rescaling(1.0)])
        self.features = features
        self.head = head

    def call(self, inputs):
        return self.head(self.features(inputs, training=False))

    def train_step(self, data):
        x, y = data
        x = self.augment(x)
        codes = self.features(x, training=False)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.head(codes, training=True) - y))
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return {"loss": loss}


features = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2, kernel_initializer="identity")])
features.trainable = False
head = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
model = Probe(features, head)
model.compile(optimizer=tf.keras.optimizers.Adam(0.05))
x = tf.random.uniform((64, 2), -1.0, 1.0)
y = x @ tf.constant([[2.0], [1.0]])
history = model.fit(x, y, epochs=60, batch_size=64, verbose=0)
assert history.history["loss"][-1] < 0.01, f"training failed: loss {history.history['loss'][-1]:.4f}"
