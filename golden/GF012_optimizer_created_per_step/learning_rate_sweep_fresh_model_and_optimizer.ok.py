"""Near-miss of GF012: a learning-rate sweep builds a fresh model and optimizer per trial, then trains each with its own inner loop of steps."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

final_losses = {}
for learning_rate in (0.001, 0.1):
    # each trial starts from scratch: new weights, new optimizer state
    model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    for step in range(30):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    final_losses[learning_rate] = float(loss)

best = min(final_losses, key=final_losses.get)
assert best == 0.1 and final_losses[0.1] < 0.2, f"sweep results look wrong: {final_losses}"
