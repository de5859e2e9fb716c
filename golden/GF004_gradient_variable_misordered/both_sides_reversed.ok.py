"""Near-miss of GF004: grads and variables are both reversed, so every gradient still meets its own variable."""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = 3x + 2; reversing both sides keeps the pairs intact.
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.3)

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(reversed(grads), reversed(model.trainable_variables)))
    if first_loss is None:
        first_loss = float(loss)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05 * first_loss, f"loss did not go down: {first_loss:.4f} -> {final_loss:.4f}"
