"""Near-miss of GF013: `tnp` is tensorflow.experimental.numpy, whose functions are TensorFlow ops and are differentiable inside the tape."""
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tnp.mean(tnp.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


losses = [float(train_step(x, y)) for _ in range(40)]
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
