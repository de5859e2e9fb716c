"""Near-miss of GF017: a mask from a comparison weights a differentiable error, and rounded weights pass their gradient straight through (`w + tf.stop_gradient(tf.round(w) - w)`)."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = x @ tf.constant([[2.0], [-1.0], [3.0]])
w = tf.Variable(tf.zeros((3, 1)))
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

for _ in range(300):
    with tf.GradientTape() as tape:
        quantized = w + tf.stop_gradient(tf.round(w) - w)  # straight-through estimator
        error = x @ quantized - y
        mask = tf.cast(tf.abs(y) < 10.0, tf.float32)
        loss = tf.reduce_mean(tf.square(error) * mask)
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))

assert float(loss) < 0.01, f"loss did not go down enough: {float(loss):.4f}"
