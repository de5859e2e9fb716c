"""Near-miss of GF009: compute_gradients() returns its grads (an optimizer is in scope); the caller applies them."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)


def compute_gradients(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb, training=True) - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    return loss, grads


losses = []
for step in range(40):
    loss, grads = compute_gradients(x, y)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
