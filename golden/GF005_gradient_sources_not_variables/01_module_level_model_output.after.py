"""GF005: module-level loop differentiates the loss w.r.t. the model output `pred` instead of the model's variables.

Fails with: InvalidArgumentError: Cannot update variable with shape [1,1] using a Tensor with shape [1], shapes must be equal.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)

losses = []
for step in range(50):
    with tf.GradientTape() as tape:
        pred = model(x)
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
