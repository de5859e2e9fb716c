"""GF007: module-level loop updates each weight with assign_sub, so SGD's momentum never builds up.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
# heavy momentum: the small learning rate is enough once the velocity builds up
opt = tf.keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)

initial_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
for step in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.02 * initial_loss, f"loss did not go down enough: {initial_loss:.4f} -> {final_loss:.4f}"
