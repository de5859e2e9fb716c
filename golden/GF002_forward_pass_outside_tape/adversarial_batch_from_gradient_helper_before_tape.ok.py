"""Near-miss of GF002: adversarial training perturbs the batch before the tape, `x + eps * sign_of_input_gradient(model, x, y)`, with a helper that takes its own gradient; the perturbed batch is data for the tape, not a forward pass it missed."""
import tensorflow as tf

tf.random.set_seed(0)

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(2)])
optimizer = tf.keras.optimizers.Adam(1e-2)
x = tf.random.normal((64, 8))
y = tf.cast(x[:, 0] > 0, tf.int32)


def sign_of_input_gradient(net, images, labels):
    with tf.GradientTape() as tape:
        tape.watch(images)
        loss = loss_fn(labels, net(images))
    return tf.sign(tape.gradient(loss, images))


losses = []
for epoch in range(40):
    x_adv = x + 0.05 * sign_of_input_gradient(model, x, y)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True)) + loss_fn(y, model(x_adv, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.7 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
