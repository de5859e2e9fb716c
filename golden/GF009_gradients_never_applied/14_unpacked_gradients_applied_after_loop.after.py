"""GF009: each epoch unpacks one gradient per variable, but the single apply sits after the epoch loop, so only the last epoch's gradients are used.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(15)

slope = tf.Variable(0.0)
offset = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(0.3)
x = tf.random.uniform((64,), -1.0, 1.0)
y = -2.0 * x + 0.5

for epoch in range(200):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(slope * x + offset - y))
    d_slope, d_offset = tape.gradient(loss, [slope, offset])
    optimizer.apply_gradients(zip([d_slope, d_offset], [slope, offset]))

final = float(tf.reduce_mean(tf.square(slope * x + offset - y)))
assert final < 0.01, f"training failed: loss {final:.4f}"
