"""Near-miss of GF016: when the model is rebuilt, a new optimizer is built with it, so no optimizer ever sees two variable sets."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.reduce_sum(tf.abs(x), axis=1, keepdims=True)


def build_model(units):
    return tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(units, activation="relu"), tf.keras.layers.Dense(1)])


def fit(model, optimizer, steps):
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        losses.append(float(loss))
    return losses


model = build_model(2)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
fit(model, optimizer, 20)

# Too little capacity: rebuild a wider model, with a fresh optimizer for it.
model = build_model(32)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
wide_losses = fit(model, optimizer, 40)

assert wide_losses[-1] < 0.1 * wide_losses[0], f"wide model did not learn: {wide_losses[0]:.3f} -> {wide_losses[-1]:.3f}"
