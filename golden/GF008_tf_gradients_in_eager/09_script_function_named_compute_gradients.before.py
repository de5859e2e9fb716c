"""GF008: a script's own `compute_gradients(model, x, y)` helper (named like an optimizer's graph-mode method, but a plain function the loop calls) uses tf.gradients.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)


def compute_loss(model, x, y):
    return tf.reduce_mean(tf.square(model(x, training=True) - y))


def compute_gradients(model, x, y):
    loss = compute_loss(model, x, y)
    grads = tf.gradients(loss, model.trainable_variables)
    return loss, grads


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [-1.0], [2.0]])
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.05)

losses = []
for epoch in range(20):
    for xb, yb in dataset:
        loss, grads = compute_gradients(model, xb, yb)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.05 * losses[0], f"did not train: {losses[0]:.4f} -> {losses[-1]:.4f}"
