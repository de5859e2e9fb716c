"""Near-miss of GF006: a hand-written averaged SGD builds its moment slots in `__init__` from the variables it will train, and `step` only assigns them."""
import tensorflow as tf

tf.random.set_seed(0)


class AveragedSGD:
    def __init__(self, variables, learning_rate=0.1, beta=0.9):
        self.learning_rate = learning_rate
        self.beta = beta
        self.moments = [tf.Variable(tf.zeros_like(v)) for v in variables]

    def step(self, grads_and_vars):
        grads_and_vars = list(grads_and_vars)
        for (grad, variable), moment in zip(grads_and_vars, self.moments):
            moment.assign(self.beta * moment + (1.0 - self.beta) * grad)
            variable.assign_sub(self.learning_rate * moment)


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [-1.0]])
optimizer = AveragedSGD(model.trainable_variables)
losses = []
for _ in range(60):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.step(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
