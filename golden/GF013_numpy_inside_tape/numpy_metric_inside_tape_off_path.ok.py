"""Near-miss of GF013: inside the tape an accuracy metric is computed with .numpy() and np.mean, but it does not feed the differentiated loss."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

# Tiny binary classifier: label is 1 when x0 + x1 > 0.
x = tf.random.normal((128, 2))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, tf.float32)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)

accuracies = []
for step in range(30):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = bce(y, logits)
        accuracies.append(np.mean((logits.numpy() > 0) == (y.numpy() > 0.5)))  # metric only
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert accuracies[-1] > 0.9, f"classifier did not learn: accuracy {accuracies[0]:.2f} -> {accuracies[-1]:.2f}"
