"""Near-miss of GF007: hand-written gradient descent on [w, b] with no optimizer object anywhere in the file."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
learning_rate = 0.3

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - y))
    grads = tape.gradient(loss, [w, b])
    # plain gradient descent, written out by hand on purpose
    for g, v in zip(grads, [w, b]):
        v.assign_sub(learning_rate * g)

assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"expected w~3, b~2, got {float(w):.3f}, {float(b):.3f}"
