"""Near-miss of GF016: a Keras model's train_step steps `self.optimizer` on its encoder's and its projectors' weights, the projectors' picked into a local by a conditional expression (as keras-cv's contrastive trainer does); all of them are the model's own variables, which `fit` built the optimizer for."""
import tensorflow as tf

tf.random.set_seed(0)


class TwoViewModel(tf.keras.Model):
    def __init__(self, shared_projector):
        super().__init__()
        self.encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="tanh")])
        first = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
        self.projectors = (first, first) if shared_projector else (first, tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)]))
        self.shared_projector = shared_projector

    def call(self, x):
        return self.projectors[0](self.encoder(x))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            a = self.projectors[0](self.encoder(x, training=True))
            b = self.projectors[1](self.encoder(x + 0.01, training=True))
            loss = tf.reduce_mean(tf.square(a - y)) + tf.reduce_mean(tf.square(b - y))
        projector_weights = (
            self.projectors[0].trainable_weights
            if self.shared_projector
            else self.projectors[0].trainable_weights + self.projectors[1].trainable_weights
        )
        variables = self.encoder.trainable_weights + projector_weights
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return {"fit_loss": loss}


x = tf.random.normal((64, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = TwoViewModel(shared_projector=False)
model.compile(optimizer=tf.keras.optimizers.Adam(0.02))
history = model.fit(x, y, epochs=60, batch_size=64, verbose=0)
losses = history.history["fit_loss"]
assert losses[-1] < 0.3 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
