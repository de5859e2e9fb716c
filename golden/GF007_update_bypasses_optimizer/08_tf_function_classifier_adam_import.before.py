"""GF007: @tf.function step with `from tensorflow.keras.optimizers import Adam` applies a hand-written 1e-3 SGD step instead.

Fails with: AssertionError
"""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

# Tiny two-class problem: the label is whether x0 + x1 > 0.
x = tf.random.normal((256, 2))
labels = tf.cast(x[:, 0] + x[:, 1] > 0.0, tf.int32)

classifier = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2, kernel_initializer="zeros")])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = Adam(learning_rate=0.05)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, classifier(xb, training=True))
    grads = tape.gradient(loss, classifier.trainable_variables)
    for g, v in zip(grads, classifier.trainable_variables):
        v.assign_sub(1e-3 * g)
    return loss


for _ in range(40):
    loss = train_step(x, labels)

assert float(loss) < 0.25, f"cross-entropy still high after 40 steps: {float(loss):.3f}"
