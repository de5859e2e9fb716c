"""GF018: a sanity check walks the zipped pairs with enumerate to catch missing gradients, leaving none to apply.

Fails with: ValueError: not enough values to unpack
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = tf.reduce_sum(x * [1.0, -2.0, 0.5], axis=1, keepdims=True)

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
losses = []

for epoch in range(80):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads_and_vars = zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables)

    for index, (grad, var) in enumerate(grads_and_vars):
        if grad is None:
            raise ValueError(f"variable {index} ({var.name}) has no gradient")

    optimizer.apply_gradients(grads_and_vars)
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
