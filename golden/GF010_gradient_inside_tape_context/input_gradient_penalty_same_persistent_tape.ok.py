"""Near-miss of GF010: a persistent tape takes a gradient inside its own block on purpose and differentiates it again after the block (double backpropagation)."""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 2x + 1 while penalising the slope of the model w.r.t. its input.
x = tf.random.uniform((128, 1), -1.0, 1.0)
y = 2.0 * x + 1.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)

losses = []
for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        pred = model(x, training=True)
        mse = tf.reduce_mean(tf.square(pred - y))
        # Must stay inside the block: the penalty is differentiated below.
        slope = tape.gradient(pred, x)
        loss = mse + 0.01 * tf.reduce_mean(tf.square(slope))
    grads = tape.gradient(loss, model.trainable_variables)
    del tape
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.3 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
