"""Near-miss of GF003: the for loop appends each tf.clip_by_norm result to `clipped`, and `clipped` is applied."""
import tensorflow as tf

tf.random.set_seed(0)


def fit(x, y, steps=50, learning_rate=0.02):
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    opt = tf.keras.optimizers.SGD(learning_rate=learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w * x + b - y))
        grads = tape.gradient(loss, [w, b])
        clipped = []
        for g in grads:
            clipped.append(tf.clip_by_norm(g, 5.0))
        opt.apply_gradients(zip(clipped, [w, b]))
    return float(w), float(b)


x = tf.random.uniform((128,), -1.0, 1.0)
y = 3.0 * x + 2.0
w, b = fit(x, y)
assert abs(w - 3.0) < 0.2 and abs(b - 2.0) < 0.2, f"expected w~3, b~2, got w={w}, b={b}"
