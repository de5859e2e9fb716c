"""GF004: a tf.function step zips the variables first and the gradients second.

Fails with: AttributeError: has no attribute '_unique_id'
"""
import tensorflow as tf

tf.random.set_seed(1)

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.01)
x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)


@tf.function
def train_step(features, labels):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(features) - labels))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step(x, y))
for _ in range(200):
    last = float(train_step(x, y))
assert last < 0.2 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
