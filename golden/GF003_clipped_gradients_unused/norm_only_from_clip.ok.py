"""Near-miss of GF003: clip_by_global_norm is called only for the norm (its clipped list is dropped into `_`); the raw gradients are applied on purpose and the norm is logged."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
norms = []

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads_and_vars = list(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    grads, variables = zip(*grads_and_vars)
    _, norm = tf.clip_by_global_norm(grads, 1e9)
    norms.append(float(norm))
    optimizer.apply_gradients(grads_and_vars)

assert norms[-1] < 0.01 * norms[0], f"gradient norm should shrink as the fit converges: {norms[0]:.3g} -> {norms[-1]:.3g}"
