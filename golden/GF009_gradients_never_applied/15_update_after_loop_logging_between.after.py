"""GF009: the hand-written assign_sub update sits after the batch loop, below the epoch's logging lines, so each epoch applies only its last batch's gradients.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((128,))
y = 2.5 * x + 1.0
batches = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
w = tf.Variable(0.0)
b = tf.Variable(0.0)
learning_rate = 0.2
history = []
first = float(tf.reduce_mean(tf.square(w * x + b - y)))
for epoch in range(3):
    for xb, yb in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * xb + b - yb))
        dw, db = tape.gradient(loss, [w, b])
        w.assign_sub(learning_rate * dw)
        b.assign_sub(learning_rate * db)
    history.append(float(loss))
    if epoch % 2 == 0:
        print(f"epoch {epoch}: loss {history[-1]:.4f}")
last = float(tf.reduce_mean(tf.square(w * x + b - y)))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
