"""GF010: module-level loop calls gradient and apply_gradients inside its persistent tape's with block.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)
loss_fn = tf.keras.losses.MeanSquaredError()

losses = []
for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
