"""Near-miss for GF012: a gradient-descent demo builds a plain SGD (no momentum, a constant learning rate) in every iteration; it has no state to lose, so each step is the same update."""
import tensorflow as tf

x1 = tf.Variable(3.0)
x2 = tf.Variable(-2.0)


def bowl(a, b):
    return (a - 1.0) ** 2 + 2.0 * (b + 0.5) ** 2


first = float(bowl(x1, x2))
for i in range(60):
    opt = tf.keras.optimizers.SGD(learning_rate=0.1)
    with tf.GradientTape() as tape:
        y = bowl(x1, x2)
    grads = tape.gradient(y, [x1, x2])
    opt.apply_gradients(zip(grads, [x1, x2]))

last = float(bowl(x1, x2))
assert last < 1e-3 * first, f"did not reach the minimum: {first:.4f} -> {last:.6f}"
