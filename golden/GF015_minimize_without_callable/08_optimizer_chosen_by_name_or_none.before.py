"""GF015: an agent picks its optimizer by name in __init__ (`None` in the other branch), then its update hands minimize the loss tensor it just computed.

Fails with: AttributeError: 'Adam' object has no attribute 'minimize'
"""
import tensorflow as tf

tf.random.set_seed(0)

states = tf.random.normal((64, 3))
returns = tf.reduce_sum(states, axis=1, keepdims=True)


class ValueAgent:
    def __init__(self, optimizer="adam"):
        self.value = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
        if optimizer == "adam":
            self.value_optimizer = tf.keras.optimizers.Adam(0.05)
        else:
            self.value_optimizer = None
            print("unsupported optimizer:", optimizer)

    def update(self, states, returns):
        v = self.value(states)
        value_loss = 0.5 * tf.reduce_mean((v - returns) ** 2)
        self.value_optimizer.minimize(value_loss, self.value.trainable_variables)
        return float(value_loss)


agent = ValueAgent()
first = agent.update(states, returns)
for _ in range(40):
    last = agent.update(states, returns)
assert last < 0.1 * first, f"the value function did not learn: {first:.4f} -> {last:.5f}"
