"""Near-miss of GF001: apply_gradients(grads) where grads was built as zip(tape.gradient(...), vars) pairs, not the bare list."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.Adam(learning_rate=0.1)

losses = []
for step in range(30):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    opt.apply_gradients(grads)
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
