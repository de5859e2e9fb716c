"""GF002: the tape records per-example losses, and their mean is taken inside the `tape.gradient` call after the block closed; the mean was never recorded, so every gradient is None (reported without a fix).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = x @ tf.constant([[2.0], [-1.0], [0.5]])
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

first = None
for step in range(100):
    with tf.GradientTape() as tape:
        per_example = tf.square(model(x) - y)
    grads = tape.gradient(tf.reduce_mean(per_example), model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    first = float(tf.reduce_mean(per_example)) if first is None else first

last = float(tf.reduce_mean(tf.square(model(x) - y)))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
