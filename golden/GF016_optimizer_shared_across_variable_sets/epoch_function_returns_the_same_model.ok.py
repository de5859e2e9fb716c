"""Near-miss of GF016: each epoch rebinds `model` to what the epoch function returns, which is the same model, so the one optimizer keeps training one set of variables."""
import tensorflow as tf

tf.random.set_seed(0)


def train_epoch(model, optimizer, batches):
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return model


x = tf.random.normal((96, 2))
y = x @ tf.constant([[2.0], [-1.0]])
batches = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
for epoch in range(30):
    model = train_epoch(model, optimizer, batches)
final = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final < 0.01, f"did not fit: {final:.4f}"
