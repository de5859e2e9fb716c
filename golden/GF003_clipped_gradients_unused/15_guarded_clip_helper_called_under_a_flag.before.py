"""GF003: a clipping helper guarding None gradients (`clip(g) if g is not None else None`) is called as a statement under a config flag, so the raw gradients are applied.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.02)


config = {"clip_norm": 5.0}


def clip_gradients(grads, max_norm):
    return [tf.clip_by_norm(g, max_norm) if g is not None else None for g in grads]


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(model(xb) - yb))  # summed loss -> big gradients
    grads = tape.gradient(loss, model.trainable_variables)
    if config.get("clip_norm"):
        clip_gradients(grads, config["clip_norm"])
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(10):
    for xb, yb in dataset:
        train_step(xb, yb)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training diverged or stalled: final MSE {final_loss}"
