"""GF010: `import keras`; epoch/batch loop updates weights and a metric inside the persistent tape's with block.

Fails with: nothing
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

# Label is 1 when the point lies above the line x1 = 0.5 * x0.
points = tf.random.normal((128, 2))
labels = tf.cast(points[:, 1:] > 0.5 * points[:, :1], tf.float32)
batches = tf.data.Dataset.from_tensor_slices((points, labels)).shuffle(128, seed=0).batch(32)


def fit(model, optimizer, epochs):
    accuracy = keras.metrics.BinaryAccuracy(threshold=0.0)
    for epoch in range(epochs):
        accuracy.reset_state()
        for xb, yb in batches:
            with tf.GradientTape(persistent=True) as tape:
                logits = model(xb, training=True)
                loss = keras.losses.binary_crossentropy(yb, logits, from_logits=True)
                loss = tf.reduce_mean(loss)
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            accuracy.update_state(yb, logits)  # accuracy on the batch, before the update
    return float(accuracy.result())


model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)])
final_accuracy = fit(model, keras.optimizers.Adam(learning_rate=0.05), epochs=5)

assert final_accuracy > 0.85, f"classifier did not learn: accuracy {final_accuracy:.2f}"
