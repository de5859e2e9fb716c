"""Near-miss of GF005: a straight-through estimator for pruning: the gradient with respect to the masked kernel the tape used is applied to the dense kernel, which has the same shape."""
import tensorflow as tf

tf.random.set_seed(11)

kernel = tf.Variable(tf.random.normal((4, 1), stddev=0.1))
mask = tf.constant([[1.0], [1.0], [0.0], [1.0]])  # the third input is pruned
optimizer = tf.keras.optimizers.Adam(0.05)
x = tf.random.normal((128, 4))
y = x @ [[1.0], [-2.0], [0.0], [0.5]]

for _ in range(200):
    with tf.GradientTape() as tape:
        masked = kernel * mask
        loss = tf.reduce_mean(tf.square(x @ masked - y))
    grad = tape.gradient(loss, masked)
    optimizer.apply_gradients([(grad, kernel)])

assert float(loss) < 0.01, f"loss did not go down: {float(loss):.4f}"
