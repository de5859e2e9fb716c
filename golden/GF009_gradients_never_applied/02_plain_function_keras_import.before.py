"""GF009: train_step() with `from tensorflow import keras` computes the gradients and returns only the loss.

Fails with: AssertionError
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    # gradients of the mean squared error w.r.t. every weight
    grads = tape.gradient(loss, model.trainable_variables)
    return float(loss)


x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)

first_loss = train_step(model, optimizer, x, y)
for _ in range(39):
    last_loss = train_step(model, optimizer, x, y)

assert last_loss < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {last_loss:.4f}"
