"""GF012: Trainer.fit builds a fresh SGD-with-momentum optimizer inside its loop over batches, so momentum never accumulates.

Fails with: AssertionError
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.01):
        self.model = model
        self.learning_rate = learning_rate
        self.loss_fn = tf.keras.losses.MeanSquaredError()

    def fit(self, dataset):
        losses = []
        optimizer = tf.keras.optimizers.SGD(learning_rate=self.learning_rate, momentum=0.9)
        for xb, yb in dataset:
            with tf.GradientTape() as tape:
                loss = self.loss_fn(yb, self.model(xb, training=True))
            grads = tape.gradient(loss, self.model.trainable_variables)
            optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
            losses.append(float(loss))
        return losses


x = tf.random.uniform((128, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat(10)  # 40 batches

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
losses = Trainer(model).fit(dataset)

assert losses[-1] < 0.05 * losses[0], f"momentum never built up: loss {losses[0]:.3f} -> {losses[-1]:.3f}"
