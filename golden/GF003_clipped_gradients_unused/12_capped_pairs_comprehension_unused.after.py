"""GF003: a TF1-style optimizer's pairs are capped element-wise in a comprehension, but the uncapped pairs are applied.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(8)

w = tf.Variable(tf.zeros((1, 1)))
b = tf.Variable(tf.zeros((1,)))
optimizer = tf.compat.v1.train.GradientDescentOptimizer(learning_rate=1.0)
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 40.0 * x + 30.0


def train_step():
    def loss_fn():
        return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))

    gvs = optimizer.compute_gradients(loss_fn, var_list=[w, b])
    capped_gvs = [(tf.clip_by_value(grad, -1.0, 1.0), var) for grad, var in gvs if grad is not None]
    optimizer.apply_gradients(capped_gvs)
    return float(loss_fn())


# targets far away: uncapped steps with learning rate 1.0 blow up, capped ones converge
losses = [train_step() for _ in range(300)]
assert all(l == l and l < 1e6 for l in losses) and losses[-1] < 1.0, f"training diverged: {losses[-1]:.4g}"
