"""GF003: module-level loop clips with clip_by_global_norm into `clipped` but applies the raw `grads`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2 with a summed squared error: the raw gradients are large,
# so this learning rate is only stable because the update is clipped.
x = tf.linspace(-1.0, 1.0, 32)[:, None]
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    clipped, _ = tf.clip_by_global_norm(grads, 1.0)
    opt.apply_gradients(zip(grads, model.trainable_variables))

w, b = (float(tf.reshape(v, [])) for v in model.trainable_variables)
assert abs(w - 3.0) < 0.25 and abs(b - 2.0) < 0.25, f"expected w~3, b~2, got w={w}, b={b}"
