"""Near-miss of GF013: `predict` is a method of a class defined here that stays in TensorFlow, not Keras's NumPy-returning Model.predict."""
import tensorflow as tf

tf.random.set_seed(0)


class LinearRegressor:
    def __init__(self):
        self.w = tf.Variable([[0.0], [0.0]])
        self.b = tf.Variable(0.0)

    def predict(self, x):
        return x @ self.w + self.b

    @property
    def variables(self):
        return [self.w, self.b]


regressor = LinearRegressor()
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
x = tf.random.normal((64, 2))
y = x @ tf.constant([[0.7], [-1.2]]) + 0.3
losses = []
for _ in range(60):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(regressor.predict(x) - y))
    grads = tape.gradient(loss, regressor.variables)
    optimizer.apply_gradients(zip(grads, regressor.variables))
    losses.append(float(loss))
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.5f}"
