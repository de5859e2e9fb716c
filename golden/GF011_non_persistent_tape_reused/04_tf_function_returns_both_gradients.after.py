"""GF011: @tf.function returns encoder and head gradients taken from one non-persistent tape (last use in the return).

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

x = tf.random.uniform((128, 2), -1.0, 1.0)
y = x[:, :1] - 2.0 * x[:, 1:]

encoder = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8)])
head = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
# The pretrained encoder is fine-tuned with a smaller learning rate than the new head.
encoder_optimizer = keras.optimizers.Adam(learning_rate=0.005)
head_optimizer = keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def compute_gradients(x, y):
    with tf.GradientTape(persistent=True) as tape:
        pred = head(encoder(x, training=True), training=True)
        loss = tf.reduce_mean(tf.square(pred - y))
    encoder_grads = tape.gradient(loss, encoder.trainable_variables)
    return loss, encoder_grads, tape.gradient(loss, head.trainable_variables)


losses = []
for _ in range(40):
    loss, encoder_grads, head_grads = compute_gradients(x, y)
    encoder_optimizer.apply_gradients(zip(encoder_grads, encoder.trainable_variables))
    head_optimizer.apply_gradients(zip(head_grads, head.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
