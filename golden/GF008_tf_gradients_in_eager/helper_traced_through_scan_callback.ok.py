"""Near-miss for GF008: `tf.gradients` sits in a Langevin-dynamics helper that runs only inside a `@tf.function` method, reached through a `tf.scan` callback stored on `self`; it is traced into a graph, where `tf.gradients` works."""
import tensorflow as tf

tf.random.set_seed(0)


def energy(z):
    return 0.5 * tf.reduce_sum(tf.square(z - 3.0), axis=1)


def langevin_move(z, step):
    de_dz = tf.gradients(tf.reduce_sum(energy(z)), z)[0]
    return z - step * de_dz


class Sampler:
    def __init__(self, step=0.1):
        def fn(z, _):
            return langevin_move(z, step)

        self.fn = fn

    @tf.function
    def run(self, steps, z0):
        return tf.scan(self.fn, tf.zeros([steps]), z0)


sampler = Sampler()
chain = sampler.run(100, tf.zeros((16, 2)))
final = chain[-1]
assert float(tf.reduce_max(tf.abs(final - 3.0))) < 0.01, "the chain did not reach the energy's minimum"
