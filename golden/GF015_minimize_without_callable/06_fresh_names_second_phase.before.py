"""GF015: the fine-tuning phase of a script (already using `tape` and `grads`) calls opt.minimize on a loss tensor.

Fails with: AttributeError: 'SGD' object has no attribute 'minimize'
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.SGD(learning_rate=0.05)

# Phase 1: warm-up steps written with an explicit tape.
for step in range(10):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
warmup_loss = float(loss)

# Phase 2: fine-tuning, written in the old TF 2.x style.
for step in range(40):
    pred = model(x, training=True)
    loss = tf.reduce_mean(tf.square(pred - y))
    opt.minimize(loss, model.trainable_variables)

assert float(loss) < 0.01 * warmup_loss, f"loss did not go down after warm-up: {warmup_loss:.4f} -> {float(loss):.5f}"
