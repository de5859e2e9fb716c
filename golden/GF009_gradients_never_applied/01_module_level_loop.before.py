"""GF009: module-level loop computes `grads` every step but never hands them to `opt`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
opt = tf.keras.optimizers.SGD(learning_rate=0.2)

losses = []
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
