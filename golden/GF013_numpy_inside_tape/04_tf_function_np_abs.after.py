"""GF013: @tf.function step computes a mean-absolute-error loss with np.abs on the symbolic residuals.

Fails with: NotImplementedError: Cannot convert a symbolic tf.Tensor (sub:0) to a numpy array.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.abs(model(x, training=True) - y))  # MAE is robust to outliers
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


losses = [float(train_step(x, y)) for _ in range(50)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
