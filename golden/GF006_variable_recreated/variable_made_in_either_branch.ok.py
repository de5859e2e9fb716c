"""Near-miss of GF006: the input being optimized is made as a `tf.Variable` in one branch of an `if` or the other; it is made once, and the optimizer trains that one."""
import tensorflow as tf

tf.random.set_seed(0)


def optimize_input(target, use_ones_start, steps=200):
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
    if use_ones_start:
        image = tf.Variable(tf.ones_like(target))
    else:
        image = tf.Variable(tf.random.normal(target.shape, stddev=0.1))

    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(image - target))
        grads = tape.gradient(loss, [image])
        optimizer.apply_gradients(zip(grads, [image]))
    return float(tf.reduce_mean(tf.square(image - target)))


target = tf.random.normal((4, 4))
for start in (True, False):
    assert optimize_input(target, start) < 0.01, "the optimized input should match the target"
