"""GF017: a step function rounds the model's predictions to whole counts before the loss; `tf.round` has no gradient.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

features = tf.random.uniform((128, 2), 0.0, 5.0)
counts = tf.round(features[:, :1] + features[:, 1:])
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(features, counts):
    with tf.GradientTape() as tape:
        raw = model(features)
        predicted_counts = tf.round(raw) + (raw - tf.stop_gradient(raw))
        loss = tf.reduce_mean(tf.square(predicted_counts - counts))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step(features, counts))
for _ in range(300):
    last = float(train_step(features, counts))
assert last < 0.2 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
