"""Near-miss of GF008: `tf.gradients` inside a Keras model's `train_step`; `fit` compiles the step with tf.function, so the call runs in a graph."""
import tensorflow as tf

tf.random.set_seed(0)


class SmoothRegressor(tf.keras.Model):
    """Regression with an input-gradient penalty that keeps the fit smooth."""

    def __init__(self):
        super().__init__()
        self.body = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])

    def call(self, inputs):
        return self.body(inputs)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            pred = self(x, training=True)
            slope = tf.gradients(tf.reduce_sum(pred), x)[0]
            loss = tf.reduce_mean(tf.square(pred - y)) + 1e-3 * tf.reduce_mean(tf.square(slope))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


x = tf.random.uniform((256, 1), -1.0, 1.0)
y = tf.sin(3.0 * x)
model = SmoothRegressor()
model.compile(optimizer=tf.keras.optimizers.Adam(0.02))
first = float(tf.reduce_mean(tf.square(model(x) - y)))
model.fit(x, y, batch_size=64, epochs=60, verbose=0)
last = float(tf.reduce_mean(tf.square(model(x) - y)))
assert last < first * 0.5, f"training failed: {first} -> {last}"
