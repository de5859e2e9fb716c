"""GF009: a training function takes its variables as parameters and updates them in a for loop written after the batch loop, below a print.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit(params, batches, learning_rate=0.2, epochs=3):
    for epoch in range(epochs):
        for xb, yb in batches:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(params[0] * xb + params[1] - yb))
            grads = tape.gradient(loss, params)
        print("epoch", epoch, "loss", float(loss))
        for param, grad in zip(params, grads):
            param.assign_sub(learning_rate * grad)


x = tf.random.normal((128,))
y = 2.5 * x + 1.0
params = [tf.Variable(0.0), tf.Variable(0.0)]
first = float(tf.reduce_mean(tf.square(params[0] * x + params[1] - y)))
fit(params, tf.data.Dataset.from_tensor_slices((x, y)).batch(16))
last = float(tf.reduce_mean(tf.square(params[0] * x + params[1] - y)))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
