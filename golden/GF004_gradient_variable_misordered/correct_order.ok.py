"""Near-miss of GF004: gradients of [w, b] are zipped with [w, b] in the same order (unpacked names too)."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((100,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.keras.optimizers.SGD(learning_rate=0.2)


@tf.function
def step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w * x + b - y))
    dw, db = tape.gradient(loss, [w, b])
    # same order as the sources
    opt.apply_gradients(zip([dw, db], [w, b]))
    return loss


for _ in range(50):
    step(x, y)

assert abs(float(w) - 3.0) < 0.3 and abs(float(b) - 2.0) < 0.3, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
