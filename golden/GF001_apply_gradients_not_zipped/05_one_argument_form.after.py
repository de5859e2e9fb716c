"""GF001: apply_gradients(grads) with the bare gradient list from tape.gradient (no variables at all).

Fails with: ValueError: not enough values to unpack (expected 2, got 1)
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
opt = keras.optimizers.SGD(learning_rate=0.1)

losses = []
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_weights)
    opt.apply_gradients(zip(grads, model.trainable_weights))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
