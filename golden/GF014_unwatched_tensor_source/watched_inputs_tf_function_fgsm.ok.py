"""Near-miss of GF014: the @tf.function adversarial step watches the input tensor before taking the gradient w.r.t. it."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.cast(x[:, 0] + 2.0 * x[:, 1] > 0.0, tf.float32)[:, None]

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.2)
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)


@tf.function
def adversarial_step(images, labels, epsilon=0.1):
    images = tf.convert_to_tensor(images)
    with tf.GradientTape() as input_tape:
        input_tape.watch(images)
        input_loss = bce(labels, model(images))
    adversarial = images + epsilon * tf.sign(input_tape.gradient(input_loss, images))
    with tf.GradientTape() as tape:
        loss = bce(labels, model(images)) + bce(labels, model(adversarial))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


losses = [float(adversarial_step(x, y)) for _ in range(30)]
assert losses[-1] < 0.6 * losses[0], f"adversarial training did not reduce the loss: {losses[0]:.3f} -> {losses[-1]:.3f}"
