"""GF014: a PINN's residual helper differentiates the network with respect to the collocation points, which a sampler returns as plain tensors (`return tf.constant(x), tf.constant(t)`); the inner tape watches `t` only, so the derivatives in `x` are None.

Fails with: TypeError: Argument `target` should be a list or nested structure of Tensors, Variables or CompositeTensors to be differentiated, but received None.
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(1e-2)


def sample_collocation(n, rng):
    x = rng.uniform(0.0, 1.0, (n, 1)).astype("float32")
    t = rng.uniform(0.0, 1.0, (n, 1)).astype("float32")
    return tf.constant(x), tf.constant(t)


def heat_residual(x, t):
    with tf.GradientTape(persistent=True) as g:
        g.watch(x)
        g.watch(t)
        u = net(tf.concat([x, t], axis=1))
        u_x = g.gradient(u, x)
    u_t = g.gradient(u, t)
    u_xx = g.gradient(u_x, x)
    del g
    return u_t - 0.1 * u_xx


rng = np.random.default_rng(0)
losses = []
for step in range(30):
    x, t = sample_collocation(64, rng)
    with tf.GradientTape() as tape:
        initial = net(tf.concat([x, tf.zeros_like(t)], axis=1)) - tf.sin(np.pi * x)
        loss = tf.reduce_mean(tf.square(heat_residual(x, t))) + tf.reduce_mean(tf.square(initial))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < losses[0], f"did not train: {losses[0]:.4f} -> {losses[-1]:.4f}"
