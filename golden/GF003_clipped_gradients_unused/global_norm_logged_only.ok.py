"""Near-miss of GF003: tf.linalg.global_norm is only computed for logging; no clipping is intended, so applying `grads` is correct."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)  # mean loss: gradients are well scaled
grad_norms = []

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    norm = tf.linalg.global_norm(grads)
    grad_norms.append(float(norm))  # monitored, not clipped
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert grad_norms[-1] < 0.01 * grad_norms[0], f"gradient norm should shrink as the fit converges: {grad_norms[0]:.3g} -> {grad_norms[-1]:.3g}"
