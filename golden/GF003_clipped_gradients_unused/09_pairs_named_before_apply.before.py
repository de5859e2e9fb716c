"""GF003: the step clips the gradients, then builds its (gradient, variable) pairs from the unclipped ones under a name and applies those.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(11)

net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(1.0)


def step(features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, net.trainable_variables)
    clipped, _ = tf.clip_by_global_norm(grads, 0.5)
    pairs = list(zip(grads, net.trainable_variables))
    optimizer.apply_gradients(pairs)
    return float(loss)


# targets far away: unclipped steps with learning rate 1.0 blow up, clipped ones converge
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 40.0 * x + 30.0
losses = [step(x, y) for _ in range(300)]
assert all(l == l and l < 1e6 for l in losses) and losses[-1] < 1.0, f"training diverged: {losses[-1]:.4g}"
