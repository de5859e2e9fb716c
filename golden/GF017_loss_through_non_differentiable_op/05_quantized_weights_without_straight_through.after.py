"""GF017: quantization-aware training rounds the scaled weights to a grid and uses only the rounded ones; `tf.round` has no gradient.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

STEPS_PER_UNIT = 4.0
x = tf.random.normal((256, 3))
y = x @ tf.constant([[1.25], [-0.5], [2.0]])
w = tf.Variable(tf.zeros((3, 1)))
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


def train(steps):
    for _ in range(steps):
        with tf.GradientTape() as tape:
            scaled = w * STEPS_PER_UNIT
            quantized = (tf.round(scaled) + (scaled - tf.stop_gradient(scaled))) / STEPS_PER_UNIT
            loss = tf.reduce_mean(tf.square(x @ quantized - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
    return float(loss)


final = train(300)
assert final < 0.01, f"quantized model did not fit: loss {final:.4f}"
