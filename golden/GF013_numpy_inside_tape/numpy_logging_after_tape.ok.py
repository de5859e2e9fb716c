"""Near-miss of GF013: .numpy() and np.mean are only used for logging, after the tape has closed and the gradient was taken."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.2)

history = []
for step in range(40):
    with tf.GradientTape() as tape:
        per_example = tf.square(model(x, training=True) - y)
        loss = tf.reduce_mean(per_example)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    # logging only: host-side numbers
    history.append(np.mean(per_example.numpy()))

assert history[-1] < 0.01 * history[0], f"loss did not go down: {history[0]:.4f} -> {history[-1]:.4f}"
