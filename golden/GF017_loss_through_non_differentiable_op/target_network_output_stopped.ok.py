"""Near-miss of GF017: a BYOL-style loss stops the gradient of the target network's projection, while the online network's prediction still reaches the trained weights."""
import tensorflow as tf

tf.random.set_seed(0)

online = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(4)])
target = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(4)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
x = tf.random.normal((128, 8))
losses = []

for step in range(100):
    with tf.GradientTape() as tape:
        projection = tf.stop_gradient(target(x + 0.01))
        loss = tf.reduce_mean(tf.square(online(x) - projection))
    grads = tape.gradient(loss, online.trainable_variables)
    optimizer.apply_gradients(zip(grads, online.trainable_variables))
    losses.append(float(loss))

# A gradient only looked at, the way tutorials show what stop_gradient does:
v = tf.Variable(2.0)
with tf.GradientTape() as tape:
    z = tf.stop_gradient(v**2) + 3.0
print("gradient through stop_gradient:", tape.gradient(z, v))

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
