"""Near-miss of GF005: the gradient with respect to the hidden activations is carried back to the kernel by hand (the chain rule) before it is applied."""
import tensorflow as tf

tf.random.set_seed(6)

kernel = tf.Variable(tf.zeros((3, 1)))
optimizer = tf.keras.optimizers.SGD(0.1)
x = tf.random.normal((32, 3))
y = tf.matmul(x, [[0.5], [-1.0], [2.0]])

for _ in range(200):
    with tf.GradientTape() as tape:
        hidden = tf.matmul(x, kernel)
        loss = tf.reduce_mean(tf.square(hidden - y))
    grad_hidden = tape.gradient(loss, hidden)
    grad_kernel = tf.matmul(x, grad_hidden, transpose_a=True)
    optimizer.apply_gradients([(grad_kernel, kernel)])

assert float(loss) < 0.01, f"loss did not go down: {float(loss):.4f}"
