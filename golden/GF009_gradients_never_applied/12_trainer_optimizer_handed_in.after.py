"""GF009: the trainer is handed its optimizer by the caller, computes grads in train_step and never applies them.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, optimizer):
        self.model = model
        self.optimizer = optimizer

    def train_step(self, xb, yb):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(xb, training=True) - yb))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


def flat_weights(model):
    return tf.concat([tf.reshape(v, [-1]) for v in model.trainable_variables], axis=0)


x = tf.random.normal((128, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]]) + 1.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)  # 4 batches
trainer = Trainer(tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)]), tf.keras.optimizers.Adam(0.05))

start = flat_weights(trainer.model)
for epoch in range(5):
    for xb, yb in dataset:
        trainer.train_step(xb, yb)

moved = float(tf.norm(flat_weights(trainer.model) - start))
assert moved > 0.5, f"the weights barely moved in 20 steps ({moved:.4f})"
