"""GF004: gradients zipped with reversed(grads) against model.trainable_variables in a module-level loop.

Fails with: InvalidArgumentError: Cannot update variable with shape [1,1] using a Tensor with shape [1], shapes must be equal.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single dense unit.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.3)
loss_fn = tf.keras.losses.MeanSquaredError()

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    # Apply the update.
    optimizer.apply_gradients(zip(reversed(grads), model.trainable_variables))
    if first_loss is None:
        first_loss = float(loss)

final_loss = float(loss_fn(y, model(x)))
assert final_loss < 0.05 * first_loss, f"loss did not go down: {first_loss:.4f} -> {final_loss:.4f}"
