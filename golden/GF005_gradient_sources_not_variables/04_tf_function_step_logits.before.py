"""GF005: @tf.function train step takes the gradient w.r.t. the `logits` tensor and zips it with the model's variables.

Fails with: OperatorNotAllowedInGraphError: Iterating over a symbolic `tf.Tensor` is not allowed.
"""
import tensorflow as tf

tf.random.set_seed(0)

features = tf.random.normal((128, 2))
labels = tf.cast(features[:, 0] * features[:, 1] > 0.0, tf.float32)[:, None]

model = tf.keras.Sequential([
    tf.keras.Input((2,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, logits)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step(features, labels))
for _ in range(50):
    last = float(train_step(features, labels))
assert last < 0.6 * first, f"loss did not go down: {first:.3f} -> {last:.3f}"
