"""GF016: a Keras model's train_step takes a MAML-style inner step on a fresh copy of its network with `self.optimizer`, which `fit` built for the model's own variables (reported; the inner step needs its own optimizer or a hand-written update).

Fails with: ValueError: Unknown variable
"""
import tensorflow as tf

tf.random.set_seed(0)


class MetaRegressor(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])

    def call(self, x):
        return self.net(x)

    def train_step(self, data):
        x, y = data
        fast = tf.keras.models.clone_model(self.net)
        fast.set_weights(self.net.get_weights())
        with tf.GradientTape() as inner:
            inner_loss = tf.reduce_mean(tf.square(fast(x) - y))
        inner_grads = inner.gradient(inner_loss, fast.trainable_variables)
        self.optimizer.apply_gradients(zip(inner_grads, fast.trainable_variables))
        with tf.GradientTape() as outer:
            loss = tf.reduce_mean(tf.square(self(x, training=True) - y))
        grads = outer.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


x = tf.random.normal((64, 1))
y = tf.sin(x)
model = MetaRegressor()
model.compile(optimizer=tf.keras.optimizers.Adam(0.01), run_eagerly=True)
history = model.fit(x, y, epochs=5, batch_size=64, verbose=0)
assert history.history["loss"][-1] < history.history["loss"][0], "did not train"
