"""GF004: a step filters out missing gradients with a comprehension that writes each pair as (variable, gradient).

Fails with: AttributeError: 'SymbolicTensor' object has no attribute '_unique_id'
"""
import tensorflow as tf

tf.random.set_seed(0)

model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
x = tf.random.normal((128, 4))
y = tf.reduce_sum(tf.square(x), axis=1, keepdims=True)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    # skip variables that got no gradient
    optimizer.apply_gradients([(v, g) for g, v in zip(grads, model.trainable_variables) if g is not None])
    return loss


first = float(train_step(x, y))
for _ in range(300):
    last = float(train_step(x, y))
assert last < 0.2 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
