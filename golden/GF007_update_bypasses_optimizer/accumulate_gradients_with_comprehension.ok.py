"""Near-miss of GF007: a list comprehension of assign_add calls sums each micro-batch's gradients into buffers; the optimizer applies the buffers once per batch."""
import tensorflow as tf

tf.random.set_seed(3)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.05)
buffers = [tf.Variable(tf.zeros_like(w), trainable=False) for w in model.trainable_variables]

x = tf.random.normal((128, 2))
y = x @ [[3.0], [-2.0]] + 1.0
for _ in range(150):
    for part_x, part_y in zip(tf.split(x, 4), tf.split(y, 4)):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(part_x) - part_y)) / 4.0
        grads = tape.gradient(loss, model.trainable_variables)
        [buffer.assign_add(g) for buffer, g in zip(buffers, grads)]
    optimizer.apply_gradients(zip(buffers, model.trainable_variables))
    [buffer.assign(tf.zeros_like(buffer)) for buffer in buffers]

final = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final < 0.01, f"loss did not go down: {final:.4f}"
