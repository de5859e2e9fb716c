"""GF007: Trainer.train_step subtracts 0.1 * grad from each variable itself, so self.optimizer.iterations stays 0.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @property
    def global_step(self):
        # checkpoints and summaries are keyed by the optimizer's step counter
        return int(self.optimizer.iterations)

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb, training=True) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        for grad, var in zip(grads, self.model.trainable_variables):
            var.assign_sub(0.1 * grad)
        return float(loss)


x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]]) + 1.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)  # 4 batches
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]))

for epoch in range(5):
    for xb, yb in dataset:
        trainer.train_step(xb, yb)

assert trainer.global_step == 20, f"expected 20 optimizer steps after 5 epochs of 4 batches, got {trainer.global_step}"
