"""Near-miss of GF002: `learner.get_batch()` before the tape hands out data from the object that owns the model; the forward pass runs inside the tape."""
import tensorflow as tf

tf.random.set_seed(0)


class Learner(tf.Module):
    """Holds a dataset and a two-layer network, and samples its own mini-batches."""

    def __init__(self, x, y, batch_size=32):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self.hidden = tf.Variable(tf.random.normal((2, 16), stddev=0.5))
        self.out = tf.Variable(tf.zeros((16, 1)))

    def get_batch(self):
        rows = tf.random.uniform((self.batch_size,), 0, self.x.shape[0], dtype=tf.int32)
        return tf.gather(self.x, rows), tf.gather(self.y, rows)

    def __call__(self, x):
        return tf.nn.relu(x @ self.hidden) @ self.out


x_all = tf.random.normal((256, 2))
y_all = tf.abs(x_all[:, :1]) + x_all[:, 1:]
learner = Learner(x_all, y_all)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)


def full_loss():
    return float(tf.reduce_mean(tf.square(learner(x_all) - y_all)))


before = full_loss()
for step in range(300):
    batch_x, batch_y = learner.get_batch()
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(learner(batch_x) - batch_y))
    grads = tape.gradient(loss, learner.trainable_variables)
    optimizer.apply_gradients(zip(grads, learner.trainable_variables))
after = full_loss()
assert after < 0.1 * before, f"loss did not go down: {before:.4f} -> {after:.4f}"
