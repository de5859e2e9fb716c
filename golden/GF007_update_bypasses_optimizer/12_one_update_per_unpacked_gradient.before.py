"""GF007: the gradients are unpacked one name per variable and each variable is stepped by hand, while the Adam optimizer built for them sits unused.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(12)


class Line:
    def __init__(self):
        self.slope = tf.Variable(0.0)
        self.offset = tf.Variable(0.0)
        self.optimizer = tf.keras.optimizers.Adam(0.1)

    def step(self, features, targets):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.slope * features + self.offset - targets))
        d_slope, d_offset = tape.gradient(loss, [self.slope, self.offset])
        self.slope.assign_sub(0.001 * d_slope)
        self.offset.assign_sub(0.001 * d_offset)
        return float(loss)


x = tf.random.uniform((64,), -1.0, 1.0)
y = 5.0 * x - 3.0
line = Line()
for _ in range(300):
    last = line.step(x, y)
assert last < 0.01 and int(line.optimizer.iterations) == 300, f"training failed: loss {last:.4f}"
