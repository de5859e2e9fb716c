"""GF001: multi-line apply_gradients call with a comment between the two arguments (gen_optimizer parameter).

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

# A "generator" that has to learn to map noise z to 3z + 2.
z = tf.random.normal((64, 1))
target = 3.0 * z + 2.0
generator = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])


def generator_step(generator, gen_optimizer, z, target):
    with tf.GradientTape() as gen_tape:
        gen_loss = tf.reduce_mean(tf.abs(generator(z, training=True) - target))
    gen_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
    gen_optimizer.apply_gradients(
        zip(gen_grads,  # one gradient per variable, same order
        generator.trainable_variables),
    )
    return float(gen_loss)


gen_optimizer = keras.optimizers.Adam(learning_rate=0.1)
losses = [generator_step(generator, gen_optimizer, z, target) for _ in range(30)]

assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
