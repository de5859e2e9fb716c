"""GF001: apply_gradients(grads) on self.opt set in __init__, grads from tape.gradient over a named variable list.

Fails with: ValueError: not enough values to unpack (expected 2, got 1)
"""
import tensorflow as tf

tf.random.set_seed(0)


class LinearRegressor(tf.Module):
    def __init__(self):
        self.w = tf.Variable(tf.zeros((1, 1)))
        self.b = tf.Variable(tf.zeros((1,)))
        self.opt = tf.keras.optimizers.SGD(learning_rate=0.2)

    def __call__(self, x):
        return x @ self.w + self.b

    def step(self, x, y):
        params = [self.w, self.b]
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((self(x) - y) ** 2)
        grads = tape.gradient(loss, params)
        self.opt.apply_gradients(grads)
        return float(loss)


x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
reg = LinearRegressor()
for _ in range(40):
    reg.step(x, y)

assert abs(float(reg.w[0, 0]) - 3.0) < 0.1 and abs(float(reg.b[0]) - 2.0) < 0.1, "did not fit y = 3x + 2"
