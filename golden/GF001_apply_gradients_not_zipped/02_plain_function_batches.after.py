"""GF001: plain training function taking an `optimizer` parameter passes grads and vars separately.

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import tensorflow as tf

tf.random.set_seed(0)

# Tiny binary classifier: label is 1 when x0 + x1 > 0.
x = tf.random.normal((128, 2))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, tf.float32)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)


def fit(model, optimizer, dataset, epochs=6):
    loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
    for epoch in range(epochs):
        for xb, yb in dataset:
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
fit(model, tf.keras.optimizers.Adam(learning_rate=0.05), dataset)

accuracy = float(tf.reduce_mean(tf.cast((model(x) > 0) == (y > 0.5), tf.float32)))
assert accuracy > 0.9, f"classifier did not learn: accuracy {accuracy:.2f}"
