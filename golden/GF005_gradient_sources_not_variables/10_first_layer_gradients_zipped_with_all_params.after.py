"""GF005: a hand-built two-layer network takes the gradients for the first layer only and zips them with every parameter; the output layer never trains.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(10)

w1 = tf.Variable(tf.random.normal((2, 8), stddev=0.5))
b1 = tf.Variable(tf.zeros((8,)))
w2 = tf.Variable(tf.zeros((8, 1)))
b2 = tf.Variable(tf.zeros((1,)))
params = [w1, b1, w2, b2]
optimizer = tf.keras.optimizers.Adam(0.05)

x = tf.random.normal((256, 2))
y = tf.sin(x[:, :1]) + x[:, 1:]

for epoch in range(200):
    with tf.GradientTape() as tape:
        hidden = tf.nn.tanh(x @ w1 + b1)
        loss = tf.reduce_mean(tf.square(hidden @ w2 + b2 - y))
    grads = tape.gradient(loss, params)
    optimizer.apply_gradients(zip(grads, params))

assert float(loss) < 0.1, f"loss did not go down: {float(loss):.3f}"
