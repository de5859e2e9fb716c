"""GF007: the weights are updated by a list comprehension of assign_sub calls, so the momentum optimizer built for them is never used.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = -2.0 * x + 0.5
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)
start = float(tf.reduce_mean(tf.square(model(x) - y)))
for _ in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
end = float(tf.reduce_mean(tf.square(model(x) - y)))
assert end < 0.02 * start, f"loss did not go down enough: {start:.4f} -> {end:.4f}"
