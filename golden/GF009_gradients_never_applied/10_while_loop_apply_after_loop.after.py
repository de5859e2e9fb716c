"""GF009: a while loop (until the loss is small) computes grads each pass but the apply_gradients call sits after the loop.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit(model, optimizer, x, y, max_steps=50, tolerance=1e-3):
    step, loss = 0, float("inf")
    while step < max_steps and loss > tolerance:
        with tf.GradientTape() as tape:
            mse = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(mse, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        step, loss = step + 1, float(mse)
    return step


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2, momentum=0.5)

steps = fit(model, optimizer, x, y)
assert steps < 50, f"did not reach the tolerance within 50 steps (stopped after {steps})"
