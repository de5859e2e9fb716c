"""GF006: module-level script re-creates the trained slope with tf.Variable between two training phases.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2: a warm-up phase on noisy targets, then a clean phase.
x = tf.random.uniform((64,), -1.0, 1.0)
y_noisy = 3.0 * x + 2.0 + 0.5 * tf.random.normal((64,))
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - targets))
    grads = tape.gradient(loss, [w, b])
    opt.apply_gradients(zip(grads, [w, b]))
    return float(loss)


# Phase 1: warm up on the noisy targets.
for _ in range(20):
    train_step(y_noisy)

# Phase 2: restart the slope from zero (keep the bias) and fit the clean targets.
w.assign(0.0)
losses = [train_step(y) for _ in range(40)]

assert abs(float(w) - 3.0) < 0.2 and losses[-1] < 0.01, f"phase 2 did not fit y = 3x + 2: w={float(w):.3f}, loss={losses[-1]:.4f}"
