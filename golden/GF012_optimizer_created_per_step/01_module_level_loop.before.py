"""GF012: module-level training loop constructs a new Adam on every step, so its step count and moment estimates restart each time.

Fails with: AssertionError
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
loss_fn = tf.keras.losses.MeanSquaredError()

losses = []
for step in range(30):
    opt = tf.keras.optimizers.Adam(learning_rate=0.1)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
assert int(opt.iterations) == 30, f"Adam's state was reset: it counts {int(opt.iterations)} step(s), expected 30"
