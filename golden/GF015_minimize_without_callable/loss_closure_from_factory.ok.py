"""Near-miss of GF015: the loss handed to a tf_keras optimizer's minimize is a closure that a factory of the script returns, not a tensor."""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)


def mse_objective(model, x, y):
    """A zero-argument loss over fixed data, re-evaluated by each minimize call."""

    def loss():
        return tf.reduce_mean(tf.square(model(x, training=True) - y))

    return loss


x = tf.random.normal((96, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]]) + 0.25
model = tf_keras.Sequential([tf_keras.layers.Dense(1, input_shape=(3,))])
optimizer = tf_keras.optimizers.Adam(learning_rate=0.1)

objective = mse_objective(model, x, y)
first = float(objective())
for _ in range(80):
    optimizer.minimize(objective, model.trainable_variables)
last = float(objective())
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
