"""GF004: grads[::-1] paired with the variables of a small classifier inside a training function.

Fails with: InvalidArgumentError: Cannot update variable with shape [3,2] using a Tensor with shape [2], shapes must be equal.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Two-class toy problem: the label is whether the features sum to a positive number.
features = tf.random.normal((128, 3))
labels = tf.cast(tf.reduce_sum(features, axis=1) > 0, tf.int32)

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def train(model, steps=40):
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
    history = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, model(features))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))  # update weights
        history.append(float(loss))
    return history


history = train(model)
accuracy = float(tf.reduce_mean(tf.cast(tf.argmax(model(features), axis=1, output_type=tf.int32) == labels, tf.float32)))
assert history[-1] < history[0] and accuracy > 0.9, f"training failed: loss {history[0]:.3f} -> {history[-1]:.3f}, acc {accuracy:.2f}"
