"""GF005: the variable list is read from a Sequential model with no input shape before its first call, so it is empty; nothing is differentiated or trained.

Fails with: ValueError: not enough values to unpack (expected 2, got 0)
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = tf.reduce_sum(tf.square(x), axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
params = model.trainable_variables
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)

first = None
for step in range(200):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, params)
    optimizer.apply_gradients(zip(grads, params))
    first = float(loss) if first is None else first

assert float(loss) < 0.3 * first, f"loss did not go down: {first:.4f} -> {float(loss):.4f}"
