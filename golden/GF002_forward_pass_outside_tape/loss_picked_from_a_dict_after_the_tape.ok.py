"""Near-miss for GF002: the tape's block computes a dict of metrics, and after it the loss is only picked out of the dict (`metrics["loss"]`): the same tensor the tape recorded."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.reduce_sum(x * [1.0, -1.0, 2.0, 0.5], axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)


def compute_metrics(xb, yb):
    error = model(xb, training=True) - yb
    return {"loss": tf.reduce_mean(tf.square(error)), "mae": tf.reduce_mean(tf.abs(error))}


def train_step(xb, yb):
    with tf.GradientTape() as tape:
        metrics = compute_metrics(xb, yb)
    loss = metrics["loss"]
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


first = train_step(x, y)
for _ in range(150):
    last = train_step(x, y)
assert last < 0.1 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
