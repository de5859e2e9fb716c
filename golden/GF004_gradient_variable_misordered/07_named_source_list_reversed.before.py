"""GF004: reversed(grads) where the sources are a name bound to a list of plain variables.

Fails with: InvalidArgumentError: Cannot update variable with shape [1] using a Tensor with shape [3,1], shapes must be equal.
"""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

# Multivariate linear regression with a weight matrix and a bias vector.
x = tf.random.normal((200, 3))
y = tf.matmul(x, [[1.0], [-2.0], [0.5]]) + 1.0

kernel = tf.Variable(tf.zeros((3, 1)))
bias = tf.Variable(tf.zeros((1,)))
trainable = [kernel, bias]
optimizer = Adam(learning_rate=0.1)

losses = []
for batch in range(0, 200, 20):
    for _ in range(4):
        xb, yb = x[batch:batch + 20], y[batch:batch + 20]
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(xb, kernel) + bias - yb))
        grads = tape.gradient(loss, trainable)
        optimizer.apply_gradients(zip(reversed(grads), trainable))
        losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"regression did not converge: {losses[0]:.3f} -> {losses[-1]:.3f}"
