"""GF006: a traced step makes its scale variable inside the function, so every call would make a new one; tracing refuses it on the first call.

Fails with: ValueError: tf.function only supports singleton tf.Variables created on the first call.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = 2.5 * tf.reduce_sum(x, axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(x, y):
    scale = tf.Variable(1.0, name="output_scale")
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(scale * model(x) - y))
    variables = model.trainable_variables + [scale]
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return loss


first = float(train_step(x, y))
for _ in range(200):
    last = float(train_step(x, y))
assert last < 0.05 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
