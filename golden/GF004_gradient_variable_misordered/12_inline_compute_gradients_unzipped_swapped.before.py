"""GF004: an eager step unzips a TF1-style optimizer's compute_gradients result inline, clips the gradients and zips the variables first.

Fails with: AttributeError: Tensor.name is undefined when eager execution is enabled
"""
import tensorflow as tf

tf.random.set_seed(3)

w = tf.Variable(tf.zeros((2, 1)))
optimizer = tf.compat.v1.train.AdamOptimizer(0.1)
x = tf.random.normal((64, 2))
y = x @ [[2.0], [-1.0]]


def loss_fn():
    return tf.reduce_mean(tf.square(x @ w - y))


def train_step():
    gradients, variables = zip(*optimizer.compute_gradients(loss_fn, var_list=[w]))
    gradients, _ = tf.clip_by_global_norm(gradients, 5.0)
    optimizer.apply_gradients(zip(variables, gradients))
    return float(loss_fn())


first = float(loss_fn())
for _ in range(200):
    last = train_step()
assert last < 0.05 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
