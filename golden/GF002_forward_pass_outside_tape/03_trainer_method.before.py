"""GF002: method on a trainer class; self.model is called before the tape is opened.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tflow

tflow.random.set_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.1):
        self.model = model
        self.optimizer = tflow.keras.optimizers.SGD(learning_rate=learning_rate)
        self.loss_fn = tflow.keras.losses.MeanSquaredError()

    def step(self, x, y):
        y_hat = self.model(x, training=True)  # forward pass
        with tflow.GradientTape() as tape:
            # regression loss
            loss = self.loss_fn(y, y_hat)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        return float(loss)


x = tflow.random.normal((64, 1))
y = 3.0 * x + 2.0
net = tflow.keras.Sequential([tflow.keras.Input(shape=(1,)), tflow.keras.layers.Dense(1)])
trainer = Trainer(net)
losses = [trainer.step(x, y) for _ in range(40)]
assert losses[-1] < 0.01 * losses[0], f"trainer did not learn: {losses[0]:.3f} -> {losses[-1]:.3f}"
