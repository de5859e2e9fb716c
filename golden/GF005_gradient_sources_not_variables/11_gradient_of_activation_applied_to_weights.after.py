"""GF005: a hand-written layer differentiates with respect to its activation (matmul plus bias through relu) and applies that gradient to its weights.

Fails with: InvalidArgumentError: Incompatible shapes: [64,4] vs. [3,4]
"""
import tensorflow as tf

tf.random.set_seed(13)

w = tf.Variable(tf.random.normal((3, 4), stddev=0.5))
b = tf.Variable(tf.zeros((4,)))
readout = tf.constant([[1.0], [-1.0], [0.5], [2.0]])
optimizer = tf.keras.optimizers.Adam(0.05)
x = tf.random.normal((64, 3))
y = tf.nn.relu(x @ [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]]) @ readout

for step in range(200):
    with tf.GradientTape() as tape:
        activation = tf.nn.relu(tf.matmul(x, w) + b)
        loss = tf.reduce_mean(tf.square(activation @ readout - y))
    grad_w = tape.gradient(loss, w)
    optimizer.apply_gradients([(grad_w, w)])

assert float(loss) < 0.5, f"loss did not go down: {float(loss):.3f}"
