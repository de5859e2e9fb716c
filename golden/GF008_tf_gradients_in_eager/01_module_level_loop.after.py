"""GF008: a module-level loop ported from TF1 calls tf.gradients eagerly to fit y = 3x + 2.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a hand-rolled linear model and plain gradient descent.
x = tf.random.normal((64,))
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
learning_rate = 0.1

for step in range(50):
    with tf.GradientTape() as tape:
        pred = w * x + b
        loss = tf.reduce_mean(tf.square(pred - y))
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(learning_rate * dw)
    b.assign_sub(learning_rate * db)

assert abs(float(w) - 3.0) < 0.05 and abs(float(b) - 2.0) < 0.05, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
