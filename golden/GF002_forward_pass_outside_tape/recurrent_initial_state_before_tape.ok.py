"""Near-miss of GF002: the recurrent core's `initial_state(batch)` is taken before the tape; it is the zero state, and the unroll that uses the weights runs inside the tape."""
import tensorflow as tf

tf.random.set_seed(0)


class Core(tf.Module):
    """A minimal recurrent cell: h' = tanh(x W + h U)."""

    def __init__(self, units):
        super().__init__()
        self.units = units
        self.w = tf.Variable(tf.random.normal((1, units), stddev=0.5))
        self.u = tf.Variable(tf.random.normal((units, units), stddev=0.1))
        self.head = tf.Variable(tf.zeros((units, 1)))

    def initial_state(self, batch_size):
        return tf.zeros((batch_size, self.units))

    def __call__(self, x, state):
        state = tf.tanh(x @ self.w + state @ self.u)
        return state @ self.head, state


core = Core(8)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
sequence = tf.random.normal((5, 32, 1))
target = tf.reduce_sum(sequence, axis=0)


def train_step():
    state = core.initial_state(32)
    with tf.GradientTape() as tape:
        for x in sequence:
            output, state = core(x, state)
        loss = tf.reduce_mean(tf.square(output - target))
    grads = tape.gradient(loss, core.trainable_variables)
    optimizer.apply_gradients(zip(grads, core.trainable_variables))
    return float(loss)


first = train_step()
for _ in range(100):
    last = train_step()
assert last < 0.5 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
