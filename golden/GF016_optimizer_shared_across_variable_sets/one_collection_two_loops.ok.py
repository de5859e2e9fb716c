"""Near-miss of GF016: one optimizer is applied in two places (warm-up loop and main loop), but both times to the same model's variables."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.reduce_sum(tf.abs(x), axis=1, keepdims=True)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)

# Warm-up: a few full-batch steps at a small learning rate.
for _ in range(5):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
first_loss = float(loss)

# Main phase: mini-batches at the full learning rate, same optimizer, same variables.
optimizer.learning_rate = 0.05
for epoch in range(8):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(xb, training=True) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.1 * first_loss, f"loss did not go down: {first_loss:.3f} -> {final_loss:.3f}"
