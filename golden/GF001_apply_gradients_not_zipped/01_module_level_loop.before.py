"""GF001: module-level training loop passes gradients and variables as two arguments.

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)
loss_fn = tf.keras.losses.MeanSquaredError()

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(grads, model.trainable_variables)
    if first_loss is None:
        first_loss = float(loss)

assert float(loss) < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {float(loss):.4f}"
