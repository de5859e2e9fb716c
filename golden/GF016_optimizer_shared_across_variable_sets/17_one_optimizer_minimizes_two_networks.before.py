"""GF016: an actor-critic agent minimizes the critic's loss and then the actor's with one tf_keras Adam; the optimizer was built with the critic's variables and refuses the actor's.

Fails with: KeyError: 'The optimizer cannot recognize variable
"""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)

states = tf.random.normal((64, 4))
actions = tf.cast(states[:, 0] > 0, tf.int32)
returns = tf.reduce_sum(states, axis=1, keepdims=True)


class Agent:
    def __init__(self):
        self.actor = tf_keras.Sequential([tf_keras.Input((4,)), tf_keras.layers.Dense(2)])
        self.critic = tf_keras.Sequential([tf_keras.Input((4,)), tf_keras.layers.Dense(1)])
        self.optimizer = tf_keras.optimizers.Adam(0.05)

    def update(self):
        def critic_loss():
            return tf.reduce_mean(tf.square(self.critic(states) - returns))

        def actor_loss():
            logp = tf.nn.log_softmax(self.actor(states))
            return -tf.reduce_mean(tf.reduce_sum(logp * tf.one_hot(actions, 2), axis=-1))

        self.optimizer.minimize(critic_loss, self.critic.trainable_variables)
        self.optimizer.minimize(actor_loss, self.actor.trainable_variables)
        return float(critic_loss()), float(actor_loss())


agent = Agent()
first = agent.update()
for _ in range(40):
    last = agent.update()
assert last[0] < 0.5 * first[0] and last[1] < first[1], f"did not train: {first} -> {last}"
