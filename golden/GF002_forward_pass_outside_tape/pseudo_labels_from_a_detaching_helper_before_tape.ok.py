"""Near-miss of GF002: self-training makes pseudo-labels from the model before the tape with a helper that returns `tf.stop_gradient(...)`; they are targets on purpose, and the tape runs the model again for the loss."""
import tensorflow as tf

tf.random.set_seed(0)

model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(2)])
optimizer = tf.keras.optimizers.Adam(0.02)
x_labeled = tf.random.normal((64, 4))
y_labeled = tf.cast(x_labeled[:, 0] > 0, tf.int32)
x_unlabeled = tf.random.normal((256, 4))
ce = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def pseudo_labels(net, x):
    return tf.stop_gradient(tf.argmax(net(x), axis=-1, output_type=tf.int32))


losses = []
for step in range(60):
    targets = pseudo_labels(model, x_unlabeled)
    with tf.GradientTape() as tape:
        loss = ce(y_labeled, model(x_labeled)) + 0.1 * ce(targets, model(x_unlabeled))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.7 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
