"""GF001: the optimizer comes back from a builder function defined in the file (`model, optimizer = build()`), and is given two lists.

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import tensorflow as tf

tf.random.set_seed(0)


def build(rate):
    net = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    opt = tf.keras.optimizers.SGD(learning_rate=rate)
    return net, opt


model, optimizer = build(0.2)
x = tf.random.normal((64, 2))
y = x @ tf.constant([[2.0], [-1.0]])
losses = []
for _ in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.5f}"
