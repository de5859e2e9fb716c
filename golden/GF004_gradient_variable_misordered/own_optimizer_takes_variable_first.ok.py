"""Near-miss of GF004: the file's own optimizer class takes (variable, gradient) pairs, so zipping the variables first is what it expects."""
import tensorflow as tf

tf.random.set_seed(1)


class PlainSGD:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def apply_gradients(self, variables_and_grads):
        for variable, grad in variables_and_grads:
            variable.assign_sub(self.learning_rate * grad)


w = tf.Variable(tf.zeros((3, 1)))
optimizer = PlainSGD(0.1)
x = tf.random.normal((64, 3))
y = tf.matmul(x, [[1.0], [-2.0], [0.5]])

for _ in range(200):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip([w], grads))

assert float(loss) < 0.01, f"loss did not go down: {float(loss):.4f}"
