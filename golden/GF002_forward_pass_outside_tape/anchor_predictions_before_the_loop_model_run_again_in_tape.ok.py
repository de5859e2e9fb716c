"""Near-miss of GF002: predictions made before the training loop serve as a fixed anchor (a penalty keeps the model near where it started); the tape runs the model again, so its gradients are not None."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]])
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)

anchor = model(x)

losses = []
for step in range(50):
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = tf.reduce_mean(tf.square(predictions - y)) + 0.01 * tf.reduce_mean(tf.square(predictions - anchor))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
