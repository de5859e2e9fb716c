"""GF006: a hand-written Adam-style optimizer rebuilds its list of first-moment slots at the top of `step`, so the moving average never averages anything.

Fails with: AssertionError: loss did not go down
"""
import tensorflow as tf

tf.random.set_seed(0)


class AveragedSGD:
    def __init__(self, learning_rate=0.1, beta=0.9):
        self.learning_rate = learning_rate
        self.beta = beta

    def step(self, grads_and_vars):
        grads_and_vars = list(grads_and_vars)
        self.moments = [tf.Variable(tf.zeros_like(v)) for _, v in grads_and_vars]
        for (grad, variable), moment in zip(grads_and_vars, self.moments):
            moment.assign(self.beta * moment + (1.0 - self.beta) * grad)
            variable.assign_sub(self.learning_rate * moment)


model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [-1.0]])
optimizer = AveragedSGD()
losses = []
for _ in range(60):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.step(zip(grads, model.trainable_variables))
    losses.append(float(loss))
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
