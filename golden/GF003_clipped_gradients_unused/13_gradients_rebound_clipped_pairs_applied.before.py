"""GF003: the gradients unzipped from their pairs are rebound to clipped values, but the pairs, still unclipped, are what a graph-mode step applies.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(9)

net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(1.0)


@tf.function
def train_step(features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads_and_vars = list(zip(tape.gradient(loss, net.trainable_variables), net.trainable_variables))
    grads, variables = zip(*grads_and_vars)
    grads = [tf.clip_by_norm(g, 0.5) for g in grads]
    optimizer.apply_gradients(grads_and_vars)
    return loss


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 40.0 * x + 30.0
losses = [float(train_step(x, y)) for _ in range(300)]
assert all(l == l and l < 1e6 for l in losses) and losses[-1] < 1.0, f"training diverged: {losses[-1]:.4g}"
