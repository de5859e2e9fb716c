"""Near-miss of GF007: Reptile's inner loop steps a fast copy of the model by hand (`v.assign_sub(inner_lr * g)`), while the meta-optimizer, in use, steps the model itself towards the adapted weights: the hand update is the algorithm, not an optimizer left unused."""
import math

import tensorflow as tf

tf.random.set_seed(0)

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
fast = tf.keras.models.clone_model(model)
meta_optimizer = tf.keras.optimizers.SGD(0.5)
inner_lr = 0.02
x = tf.reshape(tf.linspace(-3.0, 3.0, 40), (-1, 1))


def task(phase):
    return x, tf.sin(x + phase)


def reptile_step(phase, inner_steps=5):
    xs, ys = task(phase)
    fast.set_weights(model.get_weights())
    for _ in range(inner_steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(fast(xs) - ys))
        grads = tape.gradient(loss, fast.trainable_variables)
        for v, g in zip(fast.trainable_variables, grads):
            v.assign_sub(inner_lr * g)
    # Reptile: move the initialisation towards the adapted weights
    meta_grads = [w - f for w, f in zip(model.trainable_variables, fast.trainable_variables)]
    meta_optimizer.apply_gradients(zip(meta_grads, model.trainable_variables))


def adapted_loss(phase):
    xs, ys = task(phase)
    fast.set_weights(model.get_weights())
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(fast(xs) - ys))
        grads = tape.gradient(loss, fast.trainable_variables)
        for v, g in zip(fast.trainable_variables, grads):
            v.assign_sub(inner_lr * g)
    return float(tf.reduce_mean(tf.square(fast(xs) - ys)))


before = adapted_loss(0.3)
for step in range(60):
    reptile_step(math.pi * (step % 7) / 7)
after = adapted_loss(0.3)
assert after < before, f"meta-training did not help adaptation: {before:.4f} -> {after:.4f}"
