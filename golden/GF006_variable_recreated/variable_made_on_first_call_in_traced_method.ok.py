"""Near-miss of GF006: a traced method makes its variable on the first call only (`if self.scale is None:`), which tracing allows."""
import tensorflow as tf

tf.random.set_seed(0)


class ScaledRegressor:
    def __init__(self):
        self.dense = tf.keras.layers.Dense(1)
        self.scale = None
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

    @tf.function
    def step(self, x, y):
        if self.scale is None:
            self.scale = tf.Variable(1.0, name="output_scale")
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.scale * self.dense(x) - y))
        variables = self.dense.trainable_variables + [self.scale]
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return loss


x = tf.random.normal((64, 3))
y = 2.5 * tf.reduce_sum(x, axis=1, keepdims=True)
regressor = ScaledRegressor()
first = float(regressor.step(x, y))
for _ in range(200):
    last = float(regressor.step(x, y))
assert last < 0.05 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
