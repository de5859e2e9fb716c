"""Near-miss of GF001: the file's own optimizer class (TF Core API style) defines apply_gradients(self, grads, vars) taking two lists."""
import tensorflow as tf

tf.random.set_seed(0)


class Momentum(tf.Module):
    def __init__(self, learning_rate=0.1, momentum=0.7):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocities = []

    def apply_gradients(self, grads, vars):
        if not self.velocities:
            self.velocities = [tf.Variable(tf.zeros_like(v)) for v in vars]
        for grad, var, vel in zip(grads, vars, self.velocities):
            vel.assign(self.momentum * vel - self.learning_rate * grad)
            var.assign_add(vel)


def train(optimizer, x, y, steps=50):
    w, b = tf.Variable(0.0), tf.Variable(0.0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x + b - y))
        grads = tape.gradient(loss, [w, b])
        optimizer.apply_gradients(grads, [w, b])
    return w, b


x = tf.random.normal((64,))
w, b = train(Momentum(), x, 3.0 * x + 2.0)

assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"w={float(w):.2f} b={float(b):.2f}, expected 3 and 2"
