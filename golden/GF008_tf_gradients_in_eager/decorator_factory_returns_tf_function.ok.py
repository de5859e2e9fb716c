"""Near-miss of GF008: the step is decorated with a decorator defined in this file that returns `tf.function`, so tf.gradients runs in a graph."""
import tensorflow as tf

tf.random.set_seed(0)


def compiled(fn):
    return tf.function(fn, reduce_retracing=True)


x = tf.random.normal((64,))
y = -2.0 * x + 1.0
w = tf.Variable(0.0)
b = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


@compiled
def train_step(x, y):
    loss = tf.reduce_mean(tf.square(w * x + b - y))
    grads = tf.gradients(loss, [w, b])
    optimizer.apply_gradients(zip(grads, [w, b]))
    return loss


first = float(train_step(x, y))
for _ in range(60):
    last = float(train_step(x, y))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
