"""GF004: a trainer method names its pairs (grad, var) but zips the variables first, so each pair is (variable, gradient).

Fails with: AttributeError: object has no attribute
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = tf.reduce_sum(x * [1.0, -2.0, 0.5], axis=1, keepdims=True)


class Regressor:
    def __init__(self):
        self.net = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
        self.opt = tf.keras.optimizers.Adam(learning_rate=0.02)

    def step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.net(xb) - yb))
        grads = tape.gradient(loss, self.net.trainable_variables)
        # a layer without a gradient would make apply_gradients fail: leave it out
        pairs = [(grad, var) for grad, var in zip(self.net.trainable_variables, grads) if grad is not None]
        self.opt.apply_gradients(pairs)
        return float(loss)


regressor = Regressor()
losses = [regressor.step(x, y) for _ in range(200)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
