"""Near-miss of GF003: gradients go through the file's clipping helper and the clipped list it returns is what gets applied."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.02)


def clip(grads):
    return [tf.clip_by_value(g, -5.0, 5.0) for g in grads]


def log_norm(grads):
    return float(tf.linalg.global_norm(grads))


norms = []
for epoch in range(10):
    for xb, yb in tf.data.Dataset.from_tensor_slices((x, y)).batch(64):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(model(xb) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        norms.append(log_norm(grads))
        safe_grads = clip(grads)
        optimizer.apply_gradients(zip(safe_grads, model.trainable_variables))

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training diverged or stalled: final MSE {final_loss}"
