"""Near-miss of GF014: a bias made with `trainable=False` (kept out of `model.trainable_variables`) is watched explicitly, so its gradient is recorded and used."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1) + 2.0
weights = tf.Variable(tf.zeros(3))
bias = tf.Variable(0.0, trainable=False)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

for _ in range(200):
    with tf.GradientTape() as tape:
        tape.watch(bias)
        loss = tf.reduce_mean(tf.square(tf.linalg.matvec(x, weights) + bias - y))
    grads = tape.gradient(loss, [weights, bias])
    optimizer.apply_gradients(zip(grads, [weights, bias]))

assert abs(float(bias) - 2.0) < 0.05, f"bias should reach 2, got {float(bias):.3f}"
