"""Near-miss of GF003: the gradients are unzipped from their pairs and clipped, and the pairs are rebuilt from the clipped ones under the same name before they are applied; the norm is logged."""
import tensorflow as tf

tf.random.set_seed(5)

net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(1.0)
norms = []


@tf.function
def step(features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, net.trainable_variables)
    grads_and_vars = list(zip(grads, net.trainable_variables))
    grads, variables = zip(*grads_and_vars)
    clipped, norm = tf.clip_by_global_norm(grads, 0.5)
    grads_and_vars = list(zip(clipped, variables))
    optimizer.apply_gradients(grads_and_vars)
    return loss, norm


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 40.0 * x + 30.0
for _ in range(300):
    loss, norm = step(x, y)
    norms.append(float(norm))
assert float(loss) < 1.0 and norms[-1] < norms[0], f"clipped training should converge: {float(loss):.4g}"
