"""Near-miss of GF013: inside the tape np.log is applied to a Python constant (the number of classes), not to anything computed from the variables."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

num_classes = 3
centers = tf.constant([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
labels = tf.repeat(tf.range(num_classes), 30)
x = tf.gather(centers, labels) + 0.5 * tf.random.normal((90, 2))

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(num_classes)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
cross_entropy = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

losses = []
for step in range(30):
    with tf.GradientTape() as tape:
        # normalised cross-entropy: 1.0 means "no better than uniform guessing"
        loss = cross_entropy(labels, model(x, training=True)) / np.log(num_classes)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.2, f"normalised cross-entropy stayed high: {losses[0]:.3f} -> {losses[-1]:.3f}"
