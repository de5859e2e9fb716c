"""Near-miss of GF002: per-example weights come from a helper that takes gradient norms of the model before the tape; they are meant to be constants."""
import tensorflow as tf

tf.random.set_seed(0)


def gradient_norms(model, x, y):
    with tf.GradientTape() as probe:
        probe.watch(x)
        loss = tf.reduce_sum(tf.square(model(x) - y))
    return tf.norm(probe.gradient(loss, x), axis=1)


model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.3)
x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
losses = []
for _ in range(60):
    norms = gradient_norms(model, x, y)
    weights = 1.0 / tf.maximum(norms, 1.0)
    with tf.GradientTape() as tape:
        per_example = tf.reduce_sum(tf.square(model(x) - y), axis=1)
        loss = tf.reduce_mean(weights * per_example)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
