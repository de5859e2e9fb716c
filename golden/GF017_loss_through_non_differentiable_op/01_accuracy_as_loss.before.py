"""GF017: a classifier is trained on its error rate, computed from `tf.argmax` of the logits; argmax has no gradient.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((256, 4))
y = tf.argmax(x[:, :3], axis=1)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)

for step in range(100):
    with tf.GradientTape() as tape:
        predicted = tf.argmax(model(x), axis=1)
        loss = tf.reduce_mean(tf.cast(predicted != y, tf.float32))  # error rate
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

accuracy = float(tf.reduce_mean(tf.cast(tf.argmax(model(x), axis=1) == y, tf.float32)))
assert accuracy > 0.9, f"accuracy too low: {accuracy:.3f}"
