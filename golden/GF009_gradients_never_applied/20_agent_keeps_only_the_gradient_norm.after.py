"""GF009: an actor-critic agent's update computes the gradients, appends their global norm to its log, and returns the loss; the gradients themselves are never applied.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Agent:
    def __init__(self, obs_dim, n_actions):
        self.net = tf.keras.Sequential([tf.keras.Input((obs_dim,)), tf.keras.layers.Dense(n_actions)])
        self.optimizer = tf.keras.optimizers.Adam(0.05)
        self.grad_norms = []

    def update(self, obs, actions, advantages):
        with tf.GradientTape() as tape:
            logp = tf.nn.log_softmax(self.net(obs))
            chosen = tf.reduce_sum(logp * tf.one_hot(actions, 2), axis=-1)
            loss = -tf.reduce_mean(chosen * advantages)
        grads = tape.gradient(loss, self.net.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.net.trainable_variables))
        self.grad_norms.append(float(tf.linalg.global_norm(grads)))
        return float(loss)


obs = tf.random.normal((64, 4))
actions = tf.cast(obs[:, 0] > 0, tf.int32)  # the good action
advantages = tf.ones((64,))
agent = Agent(4, 2)
losses = [agent.update(obs, actions, advantages) for _ in range(40)]
assert losses[-1] < 0.5 * losses[0], f"the policy did not improve: {losses[0]:.4f} -> {losses[-1]:.4f}"
