"""Near-miss of GF014: a tape made with watch_accessed_variables=False that watches the variables it differentiates itself."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 2))
y = tf.reduce_sum(x, axis=1, keepdims=True) + 1.0
w = tf.Variable(tf.zeros((2, 1)))
b = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
losses = []

for step in range(100):
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch([w, b])
        loss = tf.reduce_mean(tf.square(x @ w + b - y))
    grads = tape.gradient(loss, [w, b])
    optimizer.apply_gradients(zip(grads, [w, b]))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
