"""GF016: a co-training class steps its one optimizer through an update method it hands the teacher, then the student.

Fails with: ValueError: Unknown variable
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class CoTrainer:
    def __init__(self, teacher, student, optimizer):
        self.teacher = teacher
        self.student = student
        self.optimizer = optimizer

    def _update(self, net, loss_fn):
        with tf.GradientTape() as tape:
            loss = loss_fn(net)
        grads = tape.gradient(loss, net.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, net.trainable_variables))
        return float(loss)

    def step(self, x, y):
        teacher_loss = self._update(self.teacher, lambda net: tf.reduce_mean(tf.square(net(x) - y)))
        target = self.teacher(x)
        student_loss = self._update(self.student, lambda net: tf.reduce_mean(tf.square(net(x) - target)))
        return teacher_loss, student_loss


def build(width):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(width, activation="relu"), keras.layers.Dense(1)])


x = tf.random.normal((128, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)
trainer = CoTrainer(build(32), build(8), keras.optimizers.Adam(0.01))
losses = [trainer.step(x, y) for _ in range(100)]

assert losses[-1][1] < 0.2 * losses[0][1], f"the student did not learn: {losses[0][1]:.4f} -> {losses[-1][1]:.4f}"
