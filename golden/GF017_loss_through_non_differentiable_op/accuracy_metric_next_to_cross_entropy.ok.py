"""Near-miss of GF017: the step computes its accuracy with `tf.argmax` inside the tape, but differentiates the cross-entropy, which reaches the weights directly."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((256, 4))
y = tf.argmax(x[:, :3], axis=1)
model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)

for step in range(150):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
        accuracy = tf.reduce_mean(tf.cast(tf.argmax(logits, axis=1) == y, tf.float32))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert float(accuracy) > 0.9, f"accuracy too low: {float(accuracy):.3f}"
