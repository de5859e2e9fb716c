"""GF012: a per-step function builds a compat.v1 MomentumOptimizer and takes one compute_gradients/apply_gradients step with it, so the momentum restarts on every call.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)
w = tf.Variable([[0.0], [0.0]])
x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.5], [-0.5]])


def train_step():
    optimizer = tf.compat.v1.train.MomentumOptimizer(learning_rate=0.05, momentum=0.9)
    grads_and_vars = optimizer.compute_gradients(lambda: tf.reduce_mean(tf.square(x @ w - y)), var_list=[w])
    optimizer.apply_gradients(grads_and_vars)


first = float(tf.reduce_mean(tf.square(x @ w - y)))
for _ in range(100):
    train_step()
last = float(tf.reduce_mean(tf.square(x @ w - y)))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
