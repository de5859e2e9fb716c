"""GF007: module-level loop rebuilds model.trainable_variables from a list comprehension instead of using opt.

Fails with: AttributeError: property 'trainable_variables' of 'Sequential' object has no setter
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
opt = tf.keras.optimizers.SGD(learning_rate=0.2)

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    # gradient-descent step
    opt.apply_gradients(zip(grads, model.trainable_variables))
    if first_loss is None:
        first_loss = float(loss)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {final_loss:.4f}"
