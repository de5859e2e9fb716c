"""Near-miss of GF010: the inner tape's gradient is taken inside the OUTER tape's block on purpose, so the outer tape can differentiate it (a derivative-matching loss)."""
import tensorflow as tf

tf.random.set_seed(0)

# Learn u(x) whose derivative is 2x (so u = x^2 + c), from derivative data only.
x = tf.random.uniform((64, 1), -1.0, 1.0)
target_slope = 2.0 * x

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

losses = []
for step in range(40):
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            inner.watch(x)
            u = model(x, training=True)
        du_dx = inner.gradient(u, x)  # recorded by `outer`
        loss = tf.reduce_mean(tf.square(du_dx - target_slope))
    grads = outer.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.3 * losses[0], f"derivative did not fit: {losses[0]:.4f} -> {losses[-1]:.4f}"
