"""GF015: a module-level loop passes an already-computed loss tensor to opt.minimize.

Fails with: AttributeError: 'SGD' object has no attribute 'minimize'
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a single Dense unit.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)

first_loss = None
for step in range(50):
    pred = model(x, training=True)
    loss = tf.reduce_mean(tf.square(pred - y))
    opt.minimize(loss, model.trainable_variables)
    if first_loss is None:
        first_loss = float(loss)

assert float(loss) < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {float(loss):.5f}"
