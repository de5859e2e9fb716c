"""GF013: a soft Dice loss helper takes its sums out of TensorFlow with `.numpy()` on expressions of its arguments; called in the tape, it cuts every gradient (reported; the fix is to drop `.numpy()`).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)


def soft_dice_loss(mask, probs, smooth=1.0):
    intersection = tf.reduce_sum(mask * probs).numpy()
    total = (tf.reduce_sum(mask) + tf.reduce_sum(probs)).numpy()
    return 1.0 - (2.0 * intersection + smooth) / (total + smooth)


x = tf.random.normal((64, 6))
mask = tf.cast(x[:, :1] > 0, tf.float32)
model = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.05)

losses = []
for step in range(60):
    with tf.GradientTape() as tape:
        probs = tf.sigmoid(model(x, training=True))
        loss = tf.cast(soft_dice_loss(mask, probs), tf.float32)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
