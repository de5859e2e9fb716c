"""Near-miss of GF006: a hand-written RMSprop builds its slots in `build`, called once before training; its @tf.function update only assigns them."""
import tensorflow as tf

tf.random.set_seed(0)


class RMSprop:
    def __init__(self, learning_rate=0.05, rho=0.9):
        self.learning_rate = learning_rate
        self.rho = rho

    def build(self, variables):
        self.mean_squares = [tf.Variable(tf.zeros_like(v)) for v in variables]

    @tf.function
    def __call__(self, grads, variables):
        for grad, variable, mean_square in zip(grads, variables, self.mean_squares):
            mean_square.assign(self.rho * mean_square + (1.0 - self.rho) * tf.square(grad))
            variable.assign_sub(self.learning_rate * grad / (tf.sqrt(mean_square) + 1e-7))


w = tf.Variable(tf.zeros((2, 1)))
b = tf.Variable(0.0)
x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [-1.0]])
optimizer = RMSprop()
optimizer.build([w, b])
losses = []
for step in range(100):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(x @ w + b - y))
    optimizer(tape.gradient(loss, [w, b]), [w, b])
    losses.append(float(loss))
assert losses[-1] < 0.05 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
