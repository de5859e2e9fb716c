"""GF014: adversarial-training method takes the gradient w.r.t. the input tensor `x` (from tf.convert_to_tensor) without watching it.

Fails with: ValueError: Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.
"""
import tensorflow as tf

tf.random.set_seed(0)


class AdversarialTrainer:
    def __init__(self, model, epsilon=0.1):
        self.model = model
        self.epsilon = epsilon
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.2)
        self.loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)

    def perturb(self, x, y):
        """Fast gradient sign method: move each input uphill on the loss."""
        x = tf.convert_to_tensor(x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = self.loss_fn(y, self.model(x))
        grad = tape.gradient(loss, x)
        return x + self.epsilon * tf.sign(grad)

    def train_step(self, x, y):
        x_adv = self.perturb(x, y)
        with tf.GradientTape() as tape:
            loss = self.loss_fn(y, self.model(x)) + self.loss_fn(y, self.model(x_adv))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tf.random.normal((128, 2))
y = tf.cast(x[:, 0] - x[:, 1] > 0.0, tf.float32)[:, None]
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
trainer = AdversarialTrainer(model)
losses = [trainer.train_step(x, y) for _ in range(15)]
assert losses[-1] < 0.6 * losses[0], f"adversarial training did not reduce the loss: {losses[0]:.3f} -> {losses[-1]:.3f}"
