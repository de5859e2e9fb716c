"""Near-miss of GF007: the weights are nudged uphill and restored around a second tape (sharpness-aware step); the optimizer applies the second gradients."""
import tensorflow as tf

tf.random.set_seed(2)


def sharp_step(net, optimizer, features, targets, radius=0.02):
    weights = net.trainable_variables
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, weights)
    scale = radius / (tf.linalg.global_norm(grads) + 1e-12)
    nudges = [g * scale for g in grads]
    for w, n in zip(weights, nudges):
        w.assign_add(n)
    with tf.GradientTape() as tape:
        sharp_loss = tf.reduce_mean(tf.square(net(features) - targets))
    sharp_grads = tape.gradient(sharp_loss, weights)
    for w, n in zip(weights, nudges):
        w.assign_sub(n)
    optimizer.apply_gradients(zip(sharp_grads, weights))
    return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 2.0 * x - 1.0
net = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.2)
for _ in range(150):
    last = sharp_step(net, optimizer, x, y)
assert last < 0.01 and int(optimizer.iterations) == 150, f"training failed: loss {last:.4f}"
