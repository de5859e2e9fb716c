"""GF011: `from tensorflow import keras`; a tape with watch_accessed_variables=False gives base and head gradients (multi-line call).

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

# Label is 1 when the point lies inside the unit circle.
points = tf.random.uniform((256, 2), -1.5, 1.5)
labels = tf.cast(tf.reduce_sum(tf.square(points), axis=1, keepdims=True) < 1.0, tf.float32)

# A hand-written two-layer network: a feature extractor (base) and a linear head.
base_vars = [tf.Variable(tf.random.normal((2, 16), stddev=0.5)), tf.Variable(tf.zeros(16))]
head_vars = [tf.Variable(tf.random.normal((16, 1), stddev=0.5)), tf.Variable(tf.zeros(1))]
base_optimizer = keras.optimizers.Adam(learning_rate=0.02)
head_optimizer = keras.optimizers.Adam(learning_rate=0.05)


def logits_of(x):
    features = tf.nn.relu(x @ base_vars[0] + base_vars[1])
    return features @ head_vars[0] + head_vars[1]


def train_step(x, y):
    with tf.GradientTape(watch_accessed_variables=False, persistent=True) as tape:
        tape.watch(base_vars + head_vars)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits_of(x)))
    head_grads = tape.gradient(loss, head_vars)
    base_grads = tape.gradient(
        loss,
        base_vars,  # the feature extractor
    )
    del tape
    head_optimizer.apply_gradients(zip(head_grads, head_vars))
    base_optimizer.apply_gradients(zip(base_grads, base_vars))
    return float(loss)


losses = [train_step(points, labels) for _ in range(50)]
accuracy = float(tf.reduce_mean(tf.cast((logits_of(points) > 0) == (labels > 0.5), tf.float32)))
assert accuracy > 0.8, f"classifier did not learn: accuracy {accuracy:.2f} (loss {losses[0]:.3f} -> {losses[-1]:.3f})"
