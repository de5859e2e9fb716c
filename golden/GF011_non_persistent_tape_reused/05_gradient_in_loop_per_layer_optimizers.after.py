"""GF011: one gradient call inside a loop over layers (one optimizer per layer) reuses a non-persistent tape.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)

# Regression of y = sin(2 * x0) + x1 with a small MLP.
x = tf.random.uniform((256, 2), -1.0, 1.0)
y = tf.sin(2.0 * x[:, :1]) + x[:, 1:]

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
# Discriminative learning rates: a smaller step for the first layer.
layer_optimizers = [tf.keras.optimizers.Adam(learning_rate=0.02), tf.keras.optimizers.Adam(learning_rate=0.05)]

losses = []
for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    for layer, layer_optimizer in zip(model.layers, layer_optimizers):
        grads = tape.gradient(loss, layer.trainable_variables)
        layer_optimizer.apply_gradients(zip(grads, layer.trainable_variables))
    del tape
    losses.append(float(loss))

assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
