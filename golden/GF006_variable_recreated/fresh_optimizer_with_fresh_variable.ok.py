"""Near-miss of GF006: the second phase re-creates the weight with tf.Variable but also builds a new optimizer before the next update, so nothing refers to the old variable."""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 twice from scratch: once on noisy targets, once on clean ones.
x = tf.random.uniform((64,), -1.0, 1.0)
y_noisy = 3.0 * x + 2.0 + 0.5 * tf.random.normal((64,))
y = 3.0 * x + 2.0

w = tf.Variable(tf.zeros((2,)))
opt = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(w[0] * x + w[1] - targets))
    grads = tape.gradient(loss, [w])
    opt.apply_gradients(zip(grads, [w]))
    return float(loss)


for _ in range(20):
    train_step(y_noisy)

# Start over: fresh weights and a fresh optimizer for them.
w = tf.Variable(tf.zeros((2,)))
opt = tf.keras.optimizers.SGD(learning_rate=0.2)
losses = [train_step(y) for _ in range(40)]

assert losses[-1] < 0.01, f"second run did not fit y = 3x + 2: loss {losses[-1]:.4f}, w={w.numpy()}"
