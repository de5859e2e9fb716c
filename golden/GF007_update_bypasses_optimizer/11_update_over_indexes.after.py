"""GF007: a training function updates its parameters by index, `params[i].assign_sub(...)`, while its Adam optimizer sits unused.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


def train(x, y, steps=60, rate=0.1):
    kernel = tf.Variable(tf.zeros((2, 1)))
    bias = tf.Variable(0.0)
    params = [kernel, bias]
    optimizer = tf.keras.optimizers.Adam(learning_rate=rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(x @ kernel + bias - y))
        grads = tape.gradient(loss, params)
        optimizer.apply_gradients(zip(grads, params))
    return kernel


# One feature is 100x smaller than the other: Adam's per-parameter steps handle it.
x = tf.random.uniform((128, 2), -1.0, 1.0) * [1.0, 0.01]
y = x @ [[0.5], [-3.0]] + 0.25
kernel = train(x, y)
small = float(kernel[1, 0])
assert abs(small + 3.0) < 0.3, f"weight of the small feature should be ~-3, got {small:.3f}"
