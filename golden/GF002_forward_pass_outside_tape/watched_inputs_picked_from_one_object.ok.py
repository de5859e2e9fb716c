"""Near-miss of GF002: the inputs a custom gradient probes are picked from one object before the tape (`x = inputs[1]`), the tape watches each of them, and the statistics picked beside them (`mean = inputs[3]`) are constants of the probe, not a forward pass."""
import tensorflow as tf

tf.random.set_seed(0)

model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)
x_data = tf.random.normal((16, 3))
y_data = tf.reduce_sum(x_data, axis=1, keepdims=True)


def input_sensitivity(inputs):
    """Gradient of the normalised prediction with respect to the probed inputs only."""
    scale = inputs[0]
    x = inputs[1]
    mean = inputs[2]
    variance = inputs[3]
    with tf.GradientTape() as tape:
        tape.watch(scale)
        tape.watch(x)
        normalised = scale * (x - mean) / tf.sqrt(variance + 1e-3)
        out = tf.reduce_sum(model(normalised))
    return tape.gradient(out, [scale, x])


stats = [tf.constant(1.0), x_data, tf.reduce_mean(x_data, axis=0), tf.math.reduce_variance(x_data, axis=0)]
d_scale, d_x = input_sensitivity(stats)

losses = []
for step in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x_data) - y_data))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert d_scale is not None and d_x is not None
assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
