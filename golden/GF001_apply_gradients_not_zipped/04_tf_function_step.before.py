"""GF001: @tf.function train step with `from tensorflow.keras.optimizers import Adam` (autograph wraps the TypeError).

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = Adam(learning_rate=0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(gradients, model.trainable_variables)
    return loss


losses = [float(train_step(x, y)) for _ in range(50)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
