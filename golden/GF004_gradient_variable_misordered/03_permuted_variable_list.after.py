"""GF004: gradients of [w, b] applied to the permuted list [b, w] of plain tf.Variables.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Linear regression y = 3x + 2 with hand-made variables.
x = tf.random.uniform((100,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step():
    with tf.GradientTape() as tape:
        pred = w * x + b
        loss = tf.reduce_mean(tf.square(pred - y))
    params = {"w": w, "b": b}
    grads = tape.gradient(loss, params)
    opt.apply_gradients([(grads[k], v) for k, v in params.items()])
    return loss


for _ in range(50):
    train_step()

assert abs(float(w) - 3.0) < 0.3 and abs(float(b) - 2.0) < 0.3, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
