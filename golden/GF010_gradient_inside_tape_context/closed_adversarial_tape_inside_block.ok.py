"""Near-miss of GF010: inside the training tape's block, gradient is called on a DIFFERENT tape that is already closed (FGSM adversarial examples)."""
import tensorflow as tf

tf.random.set_seed(0)

# Tiny binary classifier: label is 1 when x0 + x1 > 0.
x = tf.random.normal((128, 2))
y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, tf.float32)

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def adversarial_step(x, y, epsilon=0.05):
    with tf.GradientTape() as adv_tape:
        adv_tape.watch(x)
        adv_loss = loss_fn(y, model(x))
    with tf.GradientTape() as tape:
        # Perturb the inputs along the sign of the (closed) adversarial tape's gradient.
        x_adv = x + epsilon * tf.sign(adv_tape.gradient(adv_loss, x))
        loss = loss_fn(y, model(x_adv, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


for _ in range(25):
    adversarial_step(x, y)

accuracy = float(tf.reduce_mean(tf.cast((model(x) > 0) == (y > 0.5), tf.float32)))
assert accuracy > 0.9, f"classifier did not learn: accuracy {accuracy:.2f}"
