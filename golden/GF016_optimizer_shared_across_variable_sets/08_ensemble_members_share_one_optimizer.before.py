"""GF016: every member of an ensemble is trained in turn by one Adam built before the loop.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)


def member():
    return tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])


members = [member() for _ in range(3)]
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
final_losses = []
for model in members:
    for _ in range(50):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    final_losses.append(float(loss))
assert max(final_losses) < 0.05, f"some member did not fit: {final_losses}"
