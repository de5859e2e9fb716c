"""Near-miss for GF002: an actor-critic critic computes V(s') before the tape on purpose (a semi-gradient TD target) and V(s) inside it; the loss still reaches the critic's weights through what the tape records."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)

# A chain of states whose true values are known: reward 1 per step, discount 0.5.
states = rng.normal(size=(64, 4)).astype("float32")
next_states = rng.normal(size=(64, 4)).astype("float32")
rewards = np.ones((64, 1), dtype="float32")


class Critic:
    def __init__(self, gamma=0.5, lr=0.02):
        self.gamma = gamma
        self.model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.Adam(lr)

    def learn(self, s, r, s_):
        v_ = self.model(s_)  # the target's estimate: not differentiated (semi-gradient TD)
        with tf.GradientTape() as tape:
            v = self.model(s)
            td_error = r + self.gamma * v_ - v
            loss = tf.reduce_mean(tf.square(td_error))
        grads = tape.gradient(loss, self.model.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_weights))
        return float(loss)


critic = Critic()
losses = [critic.learn(states, rewards, next_states) for _ in range(300)]
values = critic.model(states).numpy()
# Every state's value tends to 1 / (1 - 0.5) = 2.
assert abs(float(values.mean()) - 2.0) < 0.3, f"values did not converge: {values.mean():.3f}"
assert losses[-1] < 0.1 * losses[0], f"TD loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
