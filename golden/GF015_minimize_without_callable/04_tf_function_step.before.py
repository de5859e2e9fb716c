"""GF015: a @tf.function step with `from tensorflow.keras.optimizers import Adam` calls minimize on a loss tensor (autograph wraps the AttributeError).

Fails with: AttributeError: 'Adam' object has no attribute 'minimize'
"""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = tf.matmul(x, [[1.0], [-1.0], [2.0]])

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = Adam(learning_rate=0.1)
mse = tf.keras.losses.MeanSquaredError()


@tf.function
def train_step(x, y):
    loss = mse(y, model(x, training=True))
    optimizer.minimize(loss, model.trainable_variables)
    return loss


first = float(train_step(x, y))
for _ in range(40):
    last = float(train_step(x, y))
assert last < 0.05 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
