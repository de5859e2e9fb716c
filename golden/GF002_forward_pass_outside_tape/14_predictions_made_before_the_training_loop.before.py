"""GF002: the predictions are computed once, before the training loop, and every step's tape builds its loss from them; the tape never sees the model run (reported; moving the forward pass into the loop is left to a human).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]])
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)

predictions = model(x, training=True)
print("first predictions:", predictions[:3, 0].numpy())

losses = []
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(predictions - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.05 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
