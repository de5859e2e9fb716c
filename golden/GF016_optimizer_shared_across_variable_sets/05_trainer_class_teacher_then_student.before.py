"""GF016: a distillation trainer's fit method applies its one optimizer to the teacher's variables and then to the student's.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class DistillationTrainer:
    def __init__(self, teacher, student):
        self.teacher = teacher
        self.student = student

    def fit(self, x, y, steps=30):
        optimizer = keras.optimizers.Adam(learning_rate=0.1)
        # Train the teacher on the labels.
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.teacher(x, training=True) - y))
            grads = tape.gradient(loss, self.teacher.trainable_variables)
            optimizer.apply_gradients(zip(grads, self.teacher.trainable_variables))
        # Distil: the student matches the teacher's predictions.
        student_losses = []
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.student(x, training=True) - self.teacher(x, training=False)))
            grads = tape.gradient(loss, self.student.trainable_variables)
            optimizer.apply_gradients(zip(grads, self.student.trainable_variables))
            student_losses.append(float(loss))
        return student_losses


x = tf.random.normal((128, 3))
y = tf.matmul(x, tf.constant([[1.0], [-2.0], [0.5]]))
teacher = keras.Sequential([keras.Input((3,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
student = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
student_losses = DistillationTrainer(teacher, student).fit(x, y)

assert student_losses[-1] < 0.2 * student_losses[0], f"student did not learn: {student_losses[0]:.3f} -> {student_losses[-1]:.3f}"
