"""GF007: @tf.function step with `from tensorflow import keras` assigns model.trainable_variables (autograph wraps the AttributeError).

Fails with: AttributeError: property 'trainable_variables' of 'Sequential' object has no setter
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(256, seed=0).batch(64)

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = keras.optimizers.Adam(learning_rate=0.1)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb, training=True) - yb))
    gradients = tape.gradient(loss, model.trainable_variables)
    model.trainable_variables = [var - 0.1 * grad for grad, var in zip(gradients, model.trainable_variables)]
    return loss


for epoch in range(15):  # 4 batches per epoch
    for xb, yb in dataset:
        train_step(xb, yb)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training stalled: final MSE {final_loss:.4f}"
