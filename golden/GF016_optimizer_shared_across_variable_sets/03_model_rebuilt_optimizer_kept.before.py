"""GF016: the model is rebuilt with more units but the optimizer built for the first model is applied to the new one.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Regress y = |x0| + |x1|, which a tiny ReLU network fits only roughly.
x = tf.random.normal((128, 2))
y = tf.reduce_sum(tf.abs(x), axis=1, keepdims=True)


def build_model(units):
    return tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(units, activation="relu"), tf.keras.layers.Dense(1)])


optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
model = build_model(2)
for _ in range(20):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

# Too little capacity: rebuild a wider model and train that one instead.
model = build_model(32)
wide_losses = []
for _ in range(40):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    wide_losses.append(float(loss))

assert wide_losses[-1] < 0.1 * wide_losses[0], f"wide model did not learn: {wide_losses[0]:.3f} -> {wide_losses[-1]:.3f}"
