"""Near-miss of GF008: `gradients` is the script's own tape-based helper, not tf.gradients, so eager execution is fine."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64,))
y = 3.0 * x + 2.0
w = tf.Variable(0.0)
b = tf.Variable(0.0)


def gradients(loss_fn, variables):
    """Like tf.gradients, but eager-friendly: runs loss_fn under a tape."""
    with tf.GradientTape() as tape:
        loss = loss_fn()
    return loss, tape.gradient(loss, variables)


for step in range(50):
    loss, (dw, db) = gradients(lambda: tf.reduce_mean(tf.square(w * x + b - y)), [w, b])
    w.assign_sub(0.1 * dw)
    b.assign_sub(0.1 * db)

assert abs(float(w) - 3.0) < 0.05 and abs(float(b) - 2.0) < 0.05, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
