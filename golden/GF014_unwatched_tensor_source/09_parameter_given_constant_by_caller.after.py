"""GF014: a helper differentiates with respect to its input, which every caller passes as a tf.constant the tape never watches.

Fails with: AttributeError: 'NoneType' object has no attribute
"""
import tensorflow as tf

tf.random.set_seed(17)


def input_sensitivity(net, inputs):
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        score = tf.reduce_sum(net(inputs))
    return tape.gradient(score, inputs)


net = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1, kernel_initializer="ones")])
point = tf.constant([[0.5, -1.0, 2.0]])
sensitivity = input_sensitivity(net, point)
assert float(tf.reduce_sum(tf.abs(sensitivity.numpy() - 1.0))) < 1e-5, "wrong input gradient"
