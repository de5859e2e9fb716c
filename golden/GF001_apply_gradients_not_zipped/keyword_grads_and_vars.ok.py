"""Near-miss of GF001: apply_gradients(grads_and_vars=zip(grads, vars)) passes the pairs by keyword."""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])


def fit(model, opt, steps=50):
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(grads_and_vars=zip(grads, model.trainable_variables))
        losses.append(float(loss))
    return losses


losses = fit(model, keras.optimizers.Adam(learning_rate=0.1))

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
