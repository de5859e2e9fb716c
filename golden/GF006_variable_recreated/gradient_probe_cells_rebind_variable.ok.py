"""Near-miss of GF006: demo cells rebind `x` to new variables only to probe gradients; no optimizer ever updates `x`."""
import tensorflow as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:
    y = x * x
assert float(tape.gradient(y, x)) == 6.0

x = tf.Variable(2.0)
with tf.GradientTape() as tape:
    y = x * x * x
assert float(tape.gradient(y, x)) == 12.0

# A separate, real training loop on its own variable.
w = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
for _ in range(50):
    with tf.GradientTape() as tape:
        loss = tf.square(w - 4.0)
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))
assert abs(float(w) - 4.0) < 0.01, f"w did not reach 4: {float(w):.4f}"
