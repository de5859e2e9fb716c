"""Near-miss of GF009: gradients of every batch are summed in the loop, logged, and the sum is applied once after it (gradient accumulation over an epoch)."""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((128,))
y = 2.5 * x + 1.0
batches = list(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))
w = tf.Variable(0.0)
b = tf.Variable(0.0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
for epoch in range(60):
    total = [tf.zeros_like(w), tf.zeros_like(b)]
    for xb, yb in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * xb + b - yb))
        grads = tape.gradient(loss, [w, b])
        total = [t + g / len(batches) for t, g in zip(total, grads)]
    if epoch % 20 == 0:
        print("epoch", epoch, float(loss))
    optimizer.apply_gradients(zip(total, [w, b]))
final = float(tf.reduce_mean(tf.square(w * x + b - y)))
assert final < 0.01, f"accumulated updates did not fit: {final:.4f}"
