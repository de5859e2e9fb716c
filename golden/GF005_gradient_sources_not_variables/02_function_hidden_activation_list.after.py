"""GF005: plain training function passes the hidden activation `[h]` as sources but zips the grads with the model's variables.

Fails with: InvalidArgumentError: Incompatible shapes: [32,8] vs. [4,8] [Op:Sub]
"""
import tensorflow as tf

tf.random.set_seed(0)

# A tiny two-class problem: is x0 + x1 > x2 + x3 ?
features = tf.random.normal((128, 4))
labels = tf.cast(features[:, 0] + features[:, 1] > features[:, 2] + features[:, 3], tf.int32)
dataset = tf.data.Dataset.from_tensor_slices((features, labels)).batch(32)

hidden = tf.keras.layers.Dense(8, activation="relu")
head = tf.keras.layers.Dense(2)
model = tf.keras.Sequential([tf.keras.Input((4,)), hidden, head])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def train(model, optimizer, epochs=3):
    history = []
    for _ in range(epochs):
        for xb, yb in dataset:
            with tf.GradientTape() as tape:
                h = hidden(xb)
                logits = head(h)
                loss = loss_fn(yb, logits)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            history.append(float(loss))
    return history


history = train(model, tf.keras.optimizers.Adam(learning_rate=0.05))
assert history[-1] < 0.5 * history[0], f"classifier did not learn: {history[0]:.3f} -> {history[-1]:.3f}"
