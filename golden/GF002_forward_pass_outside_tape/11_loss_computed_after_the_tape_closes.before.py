"""GF002: a step records the forward pass, then computes the loss after the tape's block has closed; the tape never saw the loss, so every gradient is None.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.reduce_sum(x * [1.0, -1.0, 2.0, 0.5], axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
loss_fn = tf.keras.losses.MeanSquaredError()


def train_step(xb, yb):
    with tf.GradientTape() as tape:
        predictions = model(xb, training=True)
    # the mean squared error of this batch
    loss = loss_fn(yb, predictions)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


first = train_step(x, y)
for _ in range(150):
    last = train_step(x, y)
assert last < 0.1 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
