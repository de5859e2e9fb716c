"""GF014: a bias is made as `tf.Variable(0)`, an int32 variable; its gradient is None, so it never moves (Keras only warns).

Fails with: AssertionError: expected w~3, b~2
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64,), -1.0, 1.0)
y = 3.0 * x + 2.0
w = tf.Variable(1.0)
b = tf.Variable(0, dtype=tf.float32)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
step = tf.Variable(0)  # a counter: never differentiated

for _ in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + tf.cast(b, tf.float32) - y))
    grads = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(grads, [w, b]))
    step.assign_add(1)

assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"expected w~3, b~2, got {float(w):.3f}, {float(b):.3f}"
