"""GF014: @tf.function physics-informed step; the inner tape differentiates u w.r.t. the tf.constant collocation points without watching them.

Fails with: ValueError: None values not supported.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Learn u(t) with du/dt = -u and u(0) = 1 (so u = exp(-t)) from the equation alone.
t_col = tf.constant([[0.1 * i] for i in range(21)])
t0 = tf.constant([[0.0]])

model = tf.keras.Sequential([
    tf.keras.Input((1,)),
    tf.keras.layers.Dense(16, activation="tanh"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)


@tf.function
def train_step():
    with tf.GradientTape() as tape:
        with tf.GradientTape() as inner:
            u = model(t_col)
        du_dt = inner.gradient(u, t_col)
        residual = du_dt + u
        loss = tf.reduce_mean(tf.square(residual)) + tf.reduce_sum(tf.square(model(t0) - 1.0))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step())
for _ in range(50):
    last = float(train_step())
assert last < 0.3 * first, f"physics loss did not go down: {first:.4f} -> {last:.4f}"
