"""GF018: the training loop logs each gradient's norm from the zip before applying it.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    grads_and_vars = list(zip(grads, model.trainable_variables))
    # Watch for exploding gradients.
    norms = {}
    for grad, var in grads_and_vars:
        norms[var.name] = float(tf.norm(grad))
    optimizer.apply_gradients(grads_and_vars)
    if first_loss is None:
        first_loss = float(loss)

assert float(loss) < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {float(loss):.4f}"
