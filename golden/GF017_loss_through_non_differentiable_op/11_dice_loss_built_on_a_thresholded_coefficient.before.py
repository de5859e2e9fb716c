"""GF017: the Dice loss helper returns `1 - dice_coefficient(y, p)`, and the coefficient (written for evaluation) thresholds the probabilities with `p > 0.5`; the loss reaches the model only through the comparison, so its gradients are None (reported; the fix belongs in the helpers).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)


def dice_coefficient(y_true, y_prob, threshold=0.5, eps=1e-6):
    y_pred = tf.cast(y_prob > threshold, tf.float32)
    intersection = tf.reduce_sum(y_true * y_pred)
    return (2.0 * intersection + eps) / (tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) + eps)


def dice_loss(y_true, y_prob):
    return 1.0 - dice_coefficient(y_true, y_prob)


x = tf.random.normal((128, 6))
mask = tf.cast(x[:, :1] > 0, tf.float32)
model = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(1, activation="sigmoid")])
optimizer = tf.keras.optimizers.Adam(0.05)

losses = []
for step in range(40):
    with tf.GradientTape() as tape:
        loss = dice_loss(mask, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
