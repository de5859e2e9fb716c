"""Near-miss of GF002: an object holding the networks (`PolicyAndCritic(policy=..., critic=...)`, `tf.keras.Sequential([...])`) is built before the tape; calling it, inside the tape, is the forward pass."""
import tensorflow as tf

tf.random.set_seed(0)


class PolicyAndCritic(tf.Module):
    """Runs the policy, then scores its action with the critic."""

    def __init__(self, policy, critic):
        super().__init__()
        self.policy, self.critic = policy, critic

    def __call__(self, observations):
        actions = self.policy(observations)
        return self.critic(tf.concat([observations, actions], axis=-1))


class Agent:
    def __init__(self):
        self.policy = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])
        self.critic = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)

    def step(self, observations, targets):
        both = PolicyAndCritic(policy=self.policy, critic=self.critic)
        chained = tf.keras.Sequential([self.policy, tf.keras.layers.Lambda(tf.tanh)])
        with tf.GradientTape() as tape:
            values = both(observations)
            loss = tf.reduce_mean(tf.square(values - targets)) + 0.01 * tf.reduce_mean(tf.square(chained(observations)))
        variables = self.policy.trainable_variables + self.critic.trainable_variables
        grads = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        return float(loss)


observations = tf.random.normal((64, 3))
targets = tf.reduce_sum(observations, axis=1, keepdims=True)
agent = Agent()
first = agent.step(observations, targets)
for _ in range(150):
    last = agent.step(observations, targets)
assert last < 0.5 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
