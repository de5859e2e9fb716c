"""Near-miss of GF014: the non-trainable offsets are gathered in a list that the tape watches as a whole (`tape.watch(extra)`), so their gradients are recorded."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.5], [-0.5]]) + 1.0
weights = tf.Variable(tf.zeros((2, 1)))
offset = tf.Variable(0.0, trainable=False)
scale = tf.Variable(1.0, trainable=False)
extra = [offset, scale]
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

for _ in range(300):
    with tf.GradientTape() as tape:
        tape.watch(extra)
        loss = tf.reduce_mean(tf.square(scale * (x @ weights) + offset - y))
    grads = tape.gradient(loss, [weights, offset, scale])
    optimizer.apply_gradients(zip(grads, [weights, offset, scale]))

assert float(loss) < 0.01, f"loss did not go down enough: {float(loss):.4f}"
