"""Near-miss of GF015: `minimize` is a module-level helper taking the optimizer and a loss function, not an optimizer method."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 0.5 * x - 1.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)


def minimize(opt, loss_fn, var_list):
    with tf.GradientTape() as tape:
        loss = loss_fn()
    grads = tape.gradient(loss, var_list)
    opt.apply_gradients(zip(grads, var_list))
    return float(loss)


def mse():
    return tf.reduce_mean(tf.square(model(x, training=True) - y))


losses = [minimize(optimizer, mse, model.trainable_variables) for _ in range(50)]
assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.5f}"
