"""GF008: the second phase of a script (already using the name `tape`) was ported from TF1 and calls tf.gradients.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64,))
y = 3.0 * x + 2.0
w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.keras.optimizers.SGD(learning_rate=0.05)

# Phase 1: a few warm-up steps written with a tape.
for step in range(10):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - y))
    grads = tape.gradient(loss, [w, b])
    opt.apply_gradients(zip(grads, [w, b]))
warmup_loss = float(loss)

# Phase 2: the main loop, copied from the old TF1 script.
for step in range(40):
    with tf.GradientTape() as tape_1:
        pred = w * x + b
        loss = tf.reduce_mean(tf.square(pred - y))
    grads = tape_1.gradient(loss, [w, b])
    opt.apply_gradients(zip(grads, [w, b]))

assert float(loss) < 0.01 * warmup_loss, f"loss did not go down after warm-up: {warmup_loss:.4f} -> {float(loss):.5f}"
