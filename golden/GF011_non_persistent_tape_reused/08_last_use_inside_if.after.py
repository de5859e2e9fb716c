"""GF011: every tenth step a logging branch asks the already-used non-persistent tape for the data term's gradient norm.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a small weight penalty.
x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

norms = []
for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        data_loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        loss = data_loss + 1e-4 * tf.reduce_sum(tf.square(model.trainable_variables[0]))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    if step % 10 == 0:
        # Monitor the data term's gradient norm on its own.
        data_norm = tf.linalg.global_norm(tape.gradient(data_loss, model.trainable_variables))
        norms.append(float(data_norm))
    del tape

assert norms[-1] < 0.1 * norms[0], f"gradient norm did not shrink: {norms}"
