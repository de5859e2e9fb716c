"""GF011: module-level loop asks one non-persistent tape for two sets of gradients (two models, two optimizers).

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)

# Two regressors on the same inputs: y_a = 3x + 2 and y_b = 1 - x.
x = tf.random.normal((64, 1))
y_a = 3.0 * x + 2.0
y_b = 1.0 - x

model_a = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
model_b = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt_a = tf.keras.optimizers.SGD(learning_rate=0.1)
opt_b = tf.keras.optimizers.SGD(learning_rate=0.1)

for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        loss_a = tf.reduce_mean(tf.square(model_a(x) - y_a))
        loss_b = tf.reduce_mean(tf.square(model_b(x) - y_b))
    grads_a = tape.gradient(loss_a, model_a.trainable_variables)
    grads_b = tape.gradient(loss_b, model_b.trainable_variables)
    del tape
    opt_a.apply_gradients(zip(grads_a, model_a.trainable_variables))
    opt_b.apply_gradients(zip(grads_b, model_b.trainable_variables))

assert float(loss_a) < 0.01 and float(loss_b) < 0.01, f"models did not fit: {float(loss_a):.4f}, {float(loss_b):.4f}"
