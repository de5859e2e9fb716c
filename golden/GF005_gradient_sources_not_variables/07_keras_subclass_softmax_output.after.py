"""GF005: standalone `keras` subclassed model; gradients w.r.t. the softmax output `probs` are applied to `model.trainable_weights` (Adam broadcasts them silently).

Fails with: AssertionError
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)


class SoftmaxRegression(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(3, kernel_initializer="zeros")

    def call(self, x):
        return tf.nn.softmax(self.dense(x))


# Three classes separated by the angle of a 2-D point.
x = tf.random.normal((90, 2))
y = tf.cast(tf.math.floormod(tf.math.atan2(x[:, 1], x[:, 0]) + 3.2, 6.4) // 2.14, tf.int32)
model = SoftmaxRegression()
opt = keras.optimizers.Adam(learning_rate=0.1)

losses = []
for step in range(20):
    with tf.GradientTape() as tape:
        probs = model(x)
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, probs))
    grads = tape.gradient(loss, model.trainable_weights)
    opt.apply_gradients(zip(grads, model.trainable_weights))
    losses.append(float(loss))

assert losses[-1] < 0.8 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
