"""GF005: fine-tuning loop; the multi-line gradient call lists `base.trainable_variables` while `head.trainable_variables` are updated.

Fails with: InvalidArgumentError: Cannot update variable with shape [8,1] using a Tensor with shape [3,8], shapes must be equal.
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

# A frozen random feature extractor and a trainable linear head on top.
base = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="tanh")])
head = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.SGD(learning_rate=0.1)

x = tf.random.normal((96, 3))
y = tf.tanh(x[:, :1] - x[:, 1:2])
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

losses = []
for epoch in range(6):
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(head(base(xb)) - yb))
        grads = tape.gradient(
            loss,
            # only the head is fine-tuned
            base.trainable_variables,
        )
        optimizer.apply_gradients(zip(grads, head.trainable_variables))
        losses.append(float(loss))

assert losses[-1] < 0.5 * losses[0], f"head did not learn: {losses[0]:.3f} -> {losses[-1]:.3f}"
