"""GF012: the optimizer is rebuilt at the top of every epoch, so Adam's moments restart each epoch.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((96, 2))
y = tf.cast(x[:, :1] + x[:, 1:] > 0, tf.float32)
batches = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
history = [float(loss_fn(y, model(x)))]
# A fresh optimizer for the epoch.
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
for epoch in range(8):
    for xb, yb in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    history.append(float(loss_fn(y, model(x))))
assert history[-1] < 0.5 * history[0], f"loss did not go down: {history[0]:.4f} -> {history[-1]:.4f}"
