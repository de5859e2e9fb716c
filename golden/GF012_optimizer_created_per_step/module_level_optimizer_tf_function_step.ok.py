"""Near-miss of GF012: the Adam optimizer is created once at module level; the @tf.function step only uses it."""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 2), -1.0, 1.0)
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = Adam(learning_rate=0.1)  # one optimizer for the whole run


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


losses = [float(train_step(x, y)) for _ in range(50)]

assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
