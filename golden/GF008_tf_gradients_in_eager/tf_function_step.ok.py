"""Near-miss of GF008: tf.gradients is called inside a @tf.function step, which is traced into a graph where it works."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64,))
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function
def train_step(x, y):
    pred = w * x + b
    loss = tf.reduce_mean(tf.square(pred - y))
    grads = tf.gradients(loss, [w, b])  # fine: this body runs in graph mode
    optimizer.apply_gradients(zip(grads, [w, b]))
    return loss


first = float(train_step(x, y))
for _ in range(40):
    last = float(train_step(x, y))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.6f}"
