"""Near-miss of GF002: a frozen reference copy is cloned from the trained model before the loop (`tf.keras.models.clone_model(model)`), and the tape's loss keeps the model close to it; cloning builds a model, it runs no forward pass."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]])
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.02)

reference = tf.keras.models.clone_model(model)
reference.set_weights(model.get_weights())

losses = []
for step in range(80):
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        drift = tf.reduce_mean(tf.square(predictions - reference(x)))
        loss = tf.reduce_mean(tf.square(predictions - y)) + 0.01 * drift
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.2 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
