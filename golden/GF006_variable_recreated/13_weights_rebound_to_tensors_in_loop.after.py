"""GF006 GF006: hand-written gradient descent rebinds `w` and `b` to tensors (`w = w - lr * dw`), so from the second step the tape no longer tracks them.

Fails with: TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64, 2), -1.0, 1.0)
y = x @ tf.constant([[2.0], [-1.0]]) + 0.5

w = tf.Variable(tf.zeros((2, 1)))
b = tf.Variable(0.0)
learning_rate = 0.3

for step in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(x @ w + b - y))
    dw, db = tape.gradient(loss, [w, b])
    # one step of plain gradient descent
    w.assign_sub(learning_rate * dw)
    b.assign_sub(learning_rate * db)

final = float(tf.reduce_mean(tf.square(x @ w + b - y)))
assert final < 0.01, f"loss did not go down: {final:.4f}"
