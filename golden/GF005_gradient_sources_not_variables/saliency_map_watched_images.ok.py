"""Near-miss of GF005: after training, the gradient w.r.t. the watched input `images` is a saliency map; it is never applied to variables."""
import tensorflow as tf

tf.random.set_seed(0)

# Only feature 0 carries the label; features 1..3 are noise.
images = tf.random.normal((128, 4))
labels = tf.cast(images[:, 0] > 0.0, tf.float32)[:, None]

model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.Adam(learning_rate=0.1)
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True)

for step in range(30):
    with tf.GradientTape() as tape:
        loss = bce(labels, model(images))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))

# Saliency: which input features does the loss react to?
with tf.GradientTape() as tape:
    tape.watch(images)
    loss = bce(labels, model(images))
saliency = tf.reduce_mean(tf.abs(tape.gradient(loss, images)), axis=0)

assert int(tf.argmax(saliency)) == 0, f"feature 0 should dominate the saliency map, got {saliency.numpy()}"
