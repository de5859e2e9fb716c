"""Near-miss of GF013: a two-term loss weights its second term by a factor computed in NumPy from the gradient-free ratio of the terms (as adaptive PINN weights do); the factor is a constant on purpose and the weighted term still has its gradient."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.05)

losses = []
for step in range(100):
    with tf.GradientTape() as tape:
        prediction = model(x)
        fit = tf.reduce_mean(tf.square(prediction - y))
        smooth = tf.reduce_mean(tf.square(prediction[1:] - prediction[:-1]))
        balance = np.clip(fit.numpy() / (smooth.numpy() + 1e-8), 0.0, 0.01)
        loss = fit + balance * smooth
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(fit))

assert losses[-1] < 0.05 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
