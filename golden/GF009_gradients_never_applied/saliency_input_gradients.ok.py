"""Near-miss of GF009: after training, a second tape takes gradients w.r.t. the watched inputs (a saliency map) and reads them; they are not meant for the optimizer."""
from tensorflow import keras
import tensorflow as tf

tf.random.set_seed(0)

# Only feature 0 matters for the target.
x = tf.random.normal((128, 3))
y = 4.0 * x[:, :1]
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = keras.optimizers.SGD(learning_rate=0.1)

for step in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

# saliency: how strongly does each input feature move the prediction?
samples = x[:8]
with tf.GradientTape() as tape:
    tape.watch(samples)
    prediction = tf.reduce_sum(model(samples))
saliency = tape.gradient(prediction, samples)
importance = tf.reduce_mean(tf.abs(saliency), axis=0)

assert int(tf.argmax(importance)) == 0, f"feature 0 should dominate the saliency map, got {importance.numpy()}"
