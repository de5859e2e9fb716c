"""Near-miss of GF002: a DQN step computes its TD target from the same network before the tape and wraps it in tf.stop_gradient; a constant on purpose, while the tape records q(s)."""
import tensorflow as tf

tf.random.set_seed(0)


class Agent:
    def __init__(self):
        self.q_eval = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(2)])
        self.optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
        self.gamma = 0.5

    @tf.function
    def train_step(self, states, actions, rewards, next_states, dones):
        dones = tf.cast(dones, tf.float32)
        q_next = self.q_eval(next_states)
        target = rewards + self.gamma * (1.0 - dones) * tf.reduce_max(q_next, axis=1)
        # prevents the tape from differentiating through the target
        target = tf.stop_gradient(target)

        with tf.GradientTape() as tape:
            q_taken = tf.gather(self.q_eval(states), actions, batch_dims=1)
            loss = tf.reduce_mean(tf.square(target - q_taken))
        variables = self.q_eval.trainable_variables
        self.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss


states = tf.random.normal((64, 4))
actions = tf.random.uniform((64,), 0, 2, dtype=tf.int32)
rewards = tf.reduce_sum(states, axis=1)
dones = tf.ones((64,))  # terminal transitions: the target is the reward itself
agent = Agent()
losses = [float(agent.train_step(states, actions, rewards, states, dones)) for _ in range(150)]

assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
