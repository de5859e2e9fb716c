"""GF002: plain function; the model's forward pass runs before the tape is opened.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

# tiny binary classifier: label is 1 when x0 + x1 > 0
x_train = tf.random.normal((64, 2))
y_train = tf.cast(tf.reduce_sum(x_train, axis=1, keepdims=True) > 0, tf.float32)

model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)


def train_step(x, y):
    # forward pass
    logits = model(x, training=True)

    with tf.GradientTape() as tape:
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [train_step(x_train, y_train) for _ in range(30)]
accuracy = float(tf.reduce_mean(tf.cast((model(x_train) > 0) == (y_train > 0.5), tf.float32)))
assert losses[-1] < losses[0] and accuracy > 0.9, f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {accuracy:.2f}"
