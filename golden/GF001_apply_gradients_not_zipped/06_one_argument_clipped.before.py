"""GF001: apply_gradients(grads) after tf.clip_by_global_norm rebinds grads; variables are plain tf.Variables.

Fails with: TypeError: Cannot iterate over a scalar tensor.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64,))
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.optimizers.Adam(learning_rate=0.2)


def train_step():
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - y))
    grads = tape.gradient(loss, [w, b])
    grads, _ = tf.clip_by_global_norm(grads, 5.0)
    opt.apply_gradients(grads)
    return float(loss)


losses = [train_step() for _ in range(50)]

assert abs(float(w) - 3.0) < 0.5 and abs(float(b) - 2.0) < 0.5, f"w={float(w):.2f} b={float(b):.2f}, expected 3 and 2"
