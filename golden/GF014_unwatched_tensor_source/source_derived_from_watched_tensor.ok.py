"""Near-miss of GF014: the source `x` is arithmetic on a tf.constant, but it is computed inside the inner tape from the watched `x_raw`, so it is recorded."""
import tensorflow as tf

tf.random.set_seed(0)

# Fit u(x) = x**2 on [-1, 1] from its values and its slope 2x.
x_raw = tf.constant([[float(i)] for i in range(21)])
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.Adam(learning_rate=0.05)

losses = []
for step in range(40):
    with tf.GradientTape() as tape:
        with tf.GradientTape() as inner:
            inner.watch(x_raw)
            x = (x_raw - 10.0) / 10.0  # normalised inside the recorded block
            u = model(x)
        du_dx = inner.gradient(u, x)
        loss = tf.reduce_mean(tf.square(u - x ** 2)) + tf.reduce_mean(tf.square(du_dx - 2.0 * x))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.3 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
