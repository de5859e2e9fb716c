"""Near-miss of GF015: `solver` is the script's own class whose minimize(loss_fn, var_list) takes a function and runs it under a tape."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 2))
y = tf.matmul(x, [[1.5], [-1.0]]) + 0.5
w = tf.Variable(tf.zeros((2, 1)))
b = tf.Variable(tf.zeros((1,)))


class TapeSolver:
    """A tiny wrapper offering the old minimize() API on top of a Keras 3 optimizer."""

    def __init__(self, learning_rate):
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    def minimize(self, loss_fn, var_list):
        with tf.GradientTape() as tape:
            loss = loss_fn()
        grads = tape.gradient(loss, var_list)
        self.optimizer.apply_gradients(zip(grads, var_list))
        return loss


def compute_loss():
    pred = tf.matmul(x, w) + b
    return tf.reduce_mean(tf.square(pred - y))


solver = TapeSolver(learning_rate=0.1)
first = float(solver.minimize(compute_loss, [w, b]))
for _ in range(40):
    last = float(solver.minimize(compute_loss, [w, b]))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
