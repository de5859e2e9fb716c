"""GF018: a step function unzips the pairs with zip(*pairs) to check for NaNs, then applies them.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf

tf.random.set_seed(0)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    pairs = zip(
        tape.gradient(loss, model.trainable_variables),  # one gradient per variable
        model.trainable_variables,
    )
    gradients, _ = zip(*pairs)
    tf.debugging.check_numerics(tf.linalg.global_norm(list(gradients)), "gradient norm")
    optimizer.apply_gradients(pairs)
    return loss


x = tf.random.normal((64, 2))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
losses = [float(train_step(model, optimizer, x, y)) for _ in range(60)]

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
