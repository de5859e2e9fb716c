"""Near-miss of GF015: `minimize` gets `regression.training_loss`, a bound method of the script's own model class that minimize calls under its tape."""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)


class BayesianLinearRegression(tf.Module):
    """Linear model with a learned noise level; its training loss is the negative log-likelihood of the data it holds."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y
        self.weights = tf.Variable(tf.zeros((x.shape[1], 1)))
        self.bias = tf.Variable(0.0)
        self.log_noise = tf.Variable(0.0)

    def training_loss(self):
        residual = self.y - (self.x @ self.weights + self.bias)
        noise = tf.exp(2.0 * self.log_noise)
        return tf.reduce_mean(0.5 * tf.square(residual) / noise + self.log_noise)


x = tf.random.normal((128, 2))
y = x @ tf.constant([[0.8], [-1.5]]) - 0.3 + 0.1 * tf.random.normal((128, 1))
regression = BayesianLinearRegression(x, y)
optimizer = tf_keras.optimizers.Adam(learning_rate=0.05)

for _ in range(200):
    optimizer.minimize(regression.training_loss, regression.trainable_variables)

noise = float(tf.exp(regression.log_noise))
error = float(tf.reduce_max(tf.abs(regression.weights - [[0.8], [-1.5]])))
assert error < 0.05 and noise < 0.2, f"did not fit: weight error {error:.3f}, noise {noise:.3f}"
