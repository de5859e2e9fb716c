"""Near-miss of GF003: clipping is switched by a flag; one branch applies the clipped gradients, the other the raw pairs."""
import tensorflow as tf

tf.random.set_seed(5)

net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.5)


def train_step(features, targets, clip_norm=None):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads_and_vars = list(zip(tape.gradient(loss, net.trainable_variables), net.trainable_variables))
    grads, variables = zip(*grads_and_vars)
    if clip_norm is not None:
        clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
        optimizer.apply_gradients(zip(clipped, variables))
    else:
        optimizer.apply_gradients(grads_and_vars)
    return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
losses = [train_step(x, y, clip_norm=1.0 if i % 2 else None) for i in range(200)]
assert losses[-1] < 0.01, f"loss did not go down: {losses[-1]:.4g}"
