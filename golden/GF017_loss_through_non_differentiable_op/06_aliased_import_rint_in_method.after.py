"""GF017: a model class under an aliased import rounds its output with `T.math.rint` before the loss; rint has no gradient.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as T

T.random.set_seed(0)


class Counter(T.Module):
    def __init__(self):
        super().__init__()
        self.rate = T.Variable(0.5)
        self.optimizer = T.keras.optimizers.Adam(learning_rate=0.05)

    def fit(self, hours, events, steps=300):
        for _ in range(steps):
            with T.GradientTape() as tape:
                expected = self.rate * hours
                counted = T.math.rint(expected) + (expected - T.stop_gradient(expected))
                loss = T.reduce_mean(T.square(counted - events))
            grads = tape.gradient(loss, [self.rate])
            self.optimizer.apply_gradients(zip(grads, [self.rate]))
        return float(self.rate)


hours = T.random.uniform((128,), 1.0, 20.0)
events = T.math.rint(3.0 * hours)
rate = Counter().fit(hours, events)
assert abs(rate - 3.0) < 0.1, f"expected a rate near 3, got {rate:.3f}"
