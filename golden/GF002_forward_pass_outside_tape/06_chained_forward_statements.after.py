"""GF002: two chained statements (logits, then softmax probabilities) run before the tape; the one-hot labels in between stay.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

# three blobs -> three classes
centers = tf.constant([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
y_all = tf.repeat(tf.range(3), 30)
x_all = tf.gather(centers, y_all) + 0.5 * tf.random.normal((90, 2))

model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


def train_step(x, y):
    labels = tf.one_hot(y, depth=3)

    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        probs = tf.nn.softmax(logits)  # explicit softmax, then cross-entropy by hand
        loss = -tf.reduce_mean(tf.reduce_sum(labels * tf.math.log(probs + 1e-7), axis=1))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [train_step(x_all, y_all) for _ in range(30)]
accuracy = float(tf.reduce_mean(tf.cast(tf.argmax(model(x_all), axis=1) == tf.cast(y_all, tf.int64), tf.float32)))
assert losses[-1] < 0.5 * losses[0] and accuracy > 0.9, f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {accuracy:.2f}"
