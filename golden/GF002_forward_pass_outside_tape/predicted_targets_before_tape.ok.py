"""Near-miss of GF002: Q-learning targets come from `model.predict` before the tape; predict returns NumPy, so they are constants by design."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
np.random.seed(0)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
states = np.random.normal(size=(32, 2)).astype(np.float32)
next_states = np.random.normal(size=(32, 2)).astype(np.float32)
rewards = states[:, :1] - states[:, 1:]
losses = []
for _ in range(40):
    targets = rewards + 0.1 * np.max(model.predict(next_states, verbose=0), axis=1, keepdims=True)
    with tf.GradientTape() as tape:
        chosen = model(states)[:, :1]
        loss = tf.reduce_mean(tf.square(targets - chosen))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.5 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
