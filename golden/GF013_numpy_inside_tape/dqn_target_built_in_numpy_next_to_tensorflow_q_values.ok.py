"""Near-miss for GF013: a DQN step builds its regression target in NumPy from `q(s).numpy()` inside the tape, then recomputes `q(s)` in TensorFlow for the loss; the target is constant on purpose and the loss still reaches every weight."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)

n_actions, gamma = 3, 0.5
states = rng.normal(size=(64, 4)).astype("float32")
next_states = rng.normal(size=(64, 4)).astype("float32")
actions = rng.integers(0, n_actions, size=64)
rewards = np.ones(64, dtype="float32")


class Agent:
    def __init__(self):
        self.q_eval = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(n_actions)])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)

    def learn(self):
        index = np.arange(len(actions))
        q_next = self.q_eval(next_states).numpy()
        with tf.GradientTape() as tape:
            q_eval = self.q_eval(states).numpy()
            q_target = q_eval.copy()
            q_target[index, actions] = rewards + gamma * np.max(q_next, axis=1)
            q_target = tf.convert_to_tensor(q_target)
            q_eval = self.q_eval(states)
            loss = tf.reduce_mean(tf.square(q_eval - q_target))
        grads = tape.gradient(loss, self.q_eval.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.q_eval.trainable_variables))
        return float(loss)


agent = Agent()
losses = [agent.learn() for _ in range(300)]
chosen = agent.q_eval(states).numpy()[np.arange(64), actions]
# Reward 1 per step and discount 0.5: the chosen actions' values tend to 2.
assert abs(float(chosen.mean()) - 2.0) < 0.4, f"Q-values did not converge: {chosen.mean():.3f}"
