"""Near-miss of GF002: the output columns are put in a Python list inside the tape and picked out of it after the block; picking an item computes nothing, so the tape recorded each one."""
import math

import tensorflow as tf

tf.random.set_seed(0)

x = tf.reshape(tf.linspace(-math.pi, math.pi, 64), (-1, 1))
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(32, activation="tanh"), tf.keras.layers.Dense(2)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
losses = []

for step in range(300):
    with tf.GradientTape() as outer:
        with tf.GradientTape(persistent=True) as inner:
            inner.watch(x)
            out = model(x)
            fields = [out[:, i : i + 1] for i in range(2)]
        # u' = cos(x) for the first field, and the second field is sin(x) itself.
        derivatives = [inner.gradient(fields[j], x) for j in range(2)]
        del inner
        loss = tf.reduce_mean(tf.square(derivatives[0] - tf.cos(x))) + tf.reduce_mean(tf.square(fields[1] - tf.sin(x)))
    grads = outer.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
