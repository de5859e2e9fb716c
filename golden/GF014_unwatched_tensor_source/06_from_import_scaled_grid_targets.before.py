"""GF014: `from tensorflow import GradientTape`; derivative targets are taken w.r.t. `grid`, arithmetic on a tf.constant, which tape `g` never watches.

Fails with: ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.
"""
import tensorflow as tf
from tensorflow import GradientTape

tf.random.set_seed(0)


def teacher(x):
    return x ** 3 - x


def make_targets(n=41):
    # n evenly spaced points in [-1, 1], scaled from integer positions
    grid = (tf.constant([[float(i)] for i in range(n)]) - (n - 1) / 2) / ((n - 1) / 2)
    with GradientTape() as g:
        value = teacher(grid)
    slope = g.gradient(value, grid)
    return grid, tf.concat([value, slope], axis=1)


# Sobolev-style training: the student fits the teacher's values and slopes.
grid, targets = make_targets()
student = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(2)])
opt = tf.keras.optimizers.Adam(learning_rate=0.05)

losses = []
for step in range(40):
    with GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(student(grid) - targets))
    grads = tape.gradient(loss, student.trainable_variables)
    opt.apply_gradients(zip(grads, student.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.3 * losses[0], f"student did not learn: {losses[0]:.4f} -> {losses[-1]:.4f}"
