"""GF017: a distiller's loss method wraps the student's log-probabilities in `tf.stop_gradient`, copied from the teacher's line; the step differentiates the student through that method alone, so its gradients are None (reported; the fix belongs in the method).

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)


class Distiller:
    def __init__(self, teacher, student, temperature=2.0):
        self.teacher, self.student, self.temperature = teacher, student, temperature
        self.optimizer = tf.keras.optimizers.Adam(0.02)

    def distill_loss(self, x):
        t = self.temperature
        teacher_logp = tf.stop_gradient(tf.nn.log_softmax(self.teacher(x) / t))
        student_logp = tf.stop_gradient(tf.nn.log_softmax(self.student(x) / t))
        kl = tf.reduce_sum(tf.exp(teacher_logp) * (teacher_logp - student_logp), axis=-1)
        return t**2 * tf.reduce_mean(kl)

    def step(self, x):
        with tf.GradientTape() as tape:
            loss = self.distill_loss(x)
        grads = tape.gradient(loss, self.student.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))
        return float(loss)


x = tf.random.normal((128, 5))
teacher = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(3)])
student = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(3)])
distiller = Distiller(teacher, student)
losses = [distiller.step(x) for _ in range(60)]
assert losses[-1] < 0.3 * losses[0], f"the student did not learn: {losses[0]:.4f} -> {losses[-1]:.4f}"
