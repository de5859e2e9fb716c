"""Near-miss of GF010 (non-persistent tape, nothing lost: recording stops at the call): plain training function backpropagates inside the tape block, after a blank line and a comment."""
import tensorflow as tf

tf.random.set_seed(0)

# Tiny binary classifier: label is 1 when x0 + x1 > 0.
x = tf.random.normal((128, 2))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, tf.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def train_epoch(model, optimizer, dataset):
    total = 0.0
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
            loss = loss_fn(yb, logits)

            # Backpropagate and update the weights.
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
        total += float(loss)
    return total


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
for epoch in range(4):
    train_epoch(model, optimizer, dataset)

accuracy = float(tf.reduce_mean(tf.cast((model(x) > 0) == (y > 0.5), tf.float32)))
assert accuracy > 0.9, f"classifier did not learn: accuracy {accuracy:.2f}"
