"""GF014: a calibration step learns a temperature made with `trainable=False`; the tape does not watch non-trainable variables, so its gradient is None.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

logits = tf.random.normal((256, 5)) * 4.0
labels = tf.argmax(logits + tf.random.normal((256, 5)) * 3.0, axis=1)
temperature = tf.Variable(1.0, trainable=False, name="temperature")
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


def nll():
    return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits / temperature, from_logits=True))


before = float(nll())
for _ in range(100):
    with tf.GradientTape() as tape:
        loss = nll()
    grads = tape.gradient(loss, [temperature])
    optimizer.apply_gradients(zip(grads, [temperature]))
after = float(nll())
assert after < before, f"calibration did not lower the loss: {before:.4f} -> {after:.4f}"
