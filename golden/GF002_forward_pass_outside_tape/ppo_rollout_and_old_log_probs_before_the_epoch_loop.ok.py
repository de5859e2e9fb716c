"""Near-miss of GF002: a PPO update collects a rollout with a helper handed the policy and takes the old log-probabilities with `.numpy()` before its epoch loop; they are data for every epoch's tape, which runs the policy again."""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
payoff = np.array([0.1, 0.2, 1.0, 0.3], dtype=np.float32)
policy = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(4)])
optimizer = tf.keras.optimizers.Adam(0.02)
obs = np.ones((128, 1), dtype=np.float32)


def collect(policy, obs):
    logits = policy(obs)
    actions = tf.random.categorical(logits, 1)[:, 0].numpy()
    rewards = payoff[actions]
    return logits, actions, rewards


for iteration in range(40):
    logits, actions, rewards = collect(policy, obs)
    advantages = (rewards - rewards.mean()) / (rewards.std() + 1e-8)
    old_logp = tf.reduce_sum(tf.nn.log_softmax(logits) * tf.one_hot(actions, 4), axis=1).numpy()
    for epoch in range(4):
        with tf.GradientTape() as tape:
            new_logp = tf.reduce_sum(tf.nn.log_softmax(policy(obs, training=True)) * tf.one_hot(actions, 4), axis=1)
            ratio = tf.exp(new_logp - old_logp)
            surrogate = tf.minimum(ratio * advantages, tf.clip_by_value(ratio, 0.8, 1.2) * advantages)
            loss = -tf.reduce_mean(surrogate)
        grads = tape.gradient(loss, policy.trainable_variables)
        optimizer.apply_gradients(zip(grads, policy.trainable_variables))

probabilities = tf.nn.softmax(policy(obs[:1]))[0].numpy()
assert probabilities[2] > 0.8, f"the policy did not learn the best arm: {np.round(probabilities, 3)}"
