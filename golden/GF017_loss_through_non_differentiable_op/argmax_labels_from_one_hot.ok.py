"""Near-miss of GF017: `tf.argmax` turns one-hot labels into class indices inside the tape; the loss reaches the weights through the logits, not through the argmax."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((256, 4))
one_hot = tf.one_hot(tf.argmax(x[:, :3], axis=1), 3)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

for _ in range(150):
    with tf.GradientTape() as tape:
        labels = tf.argmax(one_hot, axis=1)
        logits = model(x)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

accuracy = float(tf.reduce_mean(tf.cast(tf.argmax(model(x), axis=1) == tf.argmax(one_hot, axis=1), tf.float32)))
assert accuracy > 0.9, f"accuracy too low: {accuracy:.3f}"
