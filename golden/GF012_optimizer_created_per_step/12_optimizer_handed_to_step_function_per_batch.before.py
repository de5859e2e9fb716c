"""GF012: the batch loop builds a new SGD with momentum and hands it to a step function, so the momentum never builds up.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)


def step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


def train(model, batches, epochs=10):
    losses = []
    for epoch in range(epochs):
        for x, y in batches:
            optimizer = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)
            losses.append(step(model, optimizer, x, y))
    return losses


x = tf.random.normal((96, 2))
y = x @ tf.constant([[2.0], [-1.0]])
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
losses = train(model, tf.data.Dataset.from_tensor_slices((x, y)).batch(32))
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
