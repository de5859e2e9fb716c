"""Near-miss of GF013: np.argmax turns one-hot labels into class indices inside the tape; the labels carry no gradient, the logits do."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


def make_blobs(per_class=40):
    centers = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]], dtype=np.float32)
    labels = np.repeat(np.arange(3), per_class)
    points = centers[labels] + 0.5 * np.random.default_rng(0).normal(size=(3 * per_class, 2)).astype(np.float32)
    return points, np.eye(3, dtype=np.float32)[labels]


def run_batch(model, x, one_hot):
    """Predictions and targets of a batch, the way a data pipeline hands them over."""
    return model(x, training=True), one_hot


def train(model, x, one_hot, steps=40):
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    sparse_ce = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            logits, targets = run_batch(model, x, one_hot)
            classes = np.argmax(targets, axis=1)  # indices: nothing to differentiate
            loss = sparse_ce(classes, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))
    return losses


x, y = make_blobs()
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(3)])
losses = train(model, x, y)
accuracy = float(np.mean(np.argmax(model(x), axis=1) == np.argmax(y, axis=1)))
assert losses[-1] < 0.3 * losses[0] and accuracy > 0.9, f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {accuracy:.2f}"
