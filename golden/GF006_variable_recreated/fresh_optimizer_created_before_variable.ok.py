"""Near-miss of GF006: the second phase builds a fresh optimizer first, then a fresh variable; the new optimizer never saw the old variable."""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((64,))


def fit(w, opt, target, steps=50):
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x - target))
        grads = tape.gradient(loss, [w])
        opt.apply_gradients(zip(grads, [w]))
    return float(loss)


w = tf.Variable(0.0)
opt = tf.keras.optimizers.Adam(learning_rate=0.1)
first_loss = fit(w, opt, 2.0 * x)
opt = tf.keras.optimizers.Adam(learning_rate=0.1)
w = tf.Variable(0.0)
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(w * x + 3.0 * x))
grads = tape.gradient(loss, [w])
opt.apply_gradients(zip(grads, [w]))
second_loss = fit(w, opt, -3.0 * x)
assert first_loss < 0.05 and second_loss < 0.05, f"fits did not converge: {first_loss:.4f}, {second_loss:.4f}"
