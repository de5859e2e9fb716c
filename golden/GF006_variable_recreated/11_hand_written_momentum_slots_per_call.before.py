"""GF006: a hand-written momentum optimizer creates its velocity slots inside `apply`, so every step starts from zero velocity and the momentum never builds up.

Fails with: AssertionError: loss did not go down enough
"""
import tensorflow as tf


class Momentum:
    def __init__(self, learning_rate=0.01, beta=0.9):
        self.learning_rate = learning_rate
        self.beta = beta

    def apply(self, grads, variables):
        for grad, variable in zip(grads, variables):
            velocity = tf.Variable(tf.zeros_like(variable))
            velocity.assign(self.beta * velocity + grad)
            variable.assign_sub(self.learning_rate * velocity)


w = tf.Variable([0.0, 0.0])
target = tf.constant([3.0, -2.0])
optimizer = Momentum()
first = float(tf.reduce_sum(tf.square(w - target)))
for step in range(80):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(w - target))
    optimizer.apply(tape.gradient(loss, [w]), [w])
last = float(tf.reduce_sum(tf.square(w - target)))
assert last < 1e-3 * first, f"loss did not go down enough: {first:.4f} -> {last:.4f}"
