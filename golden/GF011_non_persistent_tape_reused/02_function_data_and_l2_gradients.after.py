"""GF011: plain step function takes the data-loss and weight-decay gradients from one non-persistent tape.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)

# Tiny binary classifier: label is 1 when x0 + x1 > 0.
x = tf.random.normal((128, 2))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, tf.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def train_step(model, optimizer, xb, yb, weight_decay=1e-3):
    with tf.GradientTape(persistent=True) as tape:
        data_loss = loss_fn(yb, model(xb, training=True))
        l2 = tf.add_n([tf.reduce_sum(tf.square(w)) for w in model.trainable_variables])
    data_grads = tape.gradient(data_loss, model.trainable_variables)
    # Weight-decay gradients, kept separate from the data gradients.
    l2_grads = tape.gradient(l2, model.trainable_variables)
    del tape
    grads = [g + weight_decay * r for g, r in zip(data_grads, l2_grads)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return data_loss


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
for epoch in range(4):
    for xb, yb in dataset:
        train_step(model, optimizer, xb, yb)

accuracy = float(tf.reduce_mean(tf.cast((model(x) > 0) == (y > 0.5), tf.float32)))
assert accuracy > 0.9, f"classifier did not learn: accuracy {accuracy:.2f}"
