"""Near-miss for GF016: each task's loop binds `learner = model`, another name for the same model, before stepping the optimizer built before the loop; the optimizer only ever updates the model's own variables."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
tasks = [rng.normal(size=(32, 2)).astype("float32") for _ in range(4)]


def fit_tasks(epochs):
    losses = []
    for _ in range(epochs):
        for x in tasks:
            learner = model
            y = x[:, :1] - 2.0 * x[:, 1:]
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(learner(x) - y))
            grads = tape.gradient(loss, learner.trainable_variables)
            optimizer.apply_gradients(zip(grads, learner.trainable_variables))
            losses.append(float(loss))
    return losses


losses = fit_tasks(40)
assert np.mean(losses[-4:]) < 0.1 * np.mean(losses[:4]), f"loss did not go down: {np.mean(losses[:4]):.4f} -> {np.mean(losses[-4:]):.4f}"
