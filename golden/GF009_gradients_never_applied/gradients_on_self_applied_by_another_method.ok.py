"""Near-miss of GF009: one method stores the step's gradients on `self.grads`, another method applies them."""
import tensorflow as tf

tf.random.set_seed(0)


class Learner:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
        self.grads = None

    def compute(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        self.grads = tape.gradient(loss, self.model.trainable_variables)
        return float(loss)

    def update(self):
        self.optimizer.apply_gradients(zip(self.grads, self.model.trainable_variables))


x = tf.random.normal((64, 3))
y = x @ tf.constant([[1.0], [0.5], [-1.0]])
learner = Learner(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]))
losses = []
for _ in range(80):
    losses.append(learner.compute(x, y))
    learner.update()
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
