"""GF014: an adversarial-training step opens its tape with watch_accessed_variables=False to watch the inputs, then asks it for the weights' gradients too.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0.0, tf.float32)

model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def train_step(x, y, epsilon=0.01):
    # Only the inputs are watched: the input gradient is all the attack needs.
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
        tape.watch(x)
        loss = loss_fn(y, model(x, training=True))
    x_adversarial = x + epsilon * tf.sign(tape.gradient(loss, x))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    del tape
    return loss, x_adversarial


losses = [float(train_step(x, y)[0]) for _ in range(60)]

assert losses[-1] < 0.5 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
