"""Near-miss of GF011: two separate non-persistent tapes, one after the other under the same name `tape`, each used for one gradient call."""
import tensorflow as tf

tf.random.set_seed(0)

# A critic learns to score points by their distance to the target; an actor moves its point towards the target.
target = tf.constant([[1.0, -1.0]])
probes = tf.random.uniform((64, 2), -2.0, 2.0)
critic = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
actor_point = tf.Variable([[0.0, 0.0]])
critic_optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
actor_optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)


def train_step():
    # Critic step: regress the squared distance to the target.
    with tf.GradientTape() as tape:
        distance = tf.reduce_sum(tf.square(probes - target), axis=1, keepdims=True)
        critic_loss = tf.reduce_mean(tf.square(critic(probes, training=True) - distance))
    critic_grads = tape.gradient(critic_loss, critic.trainable_variables)
    critic_optimizer.apply_gradients(zip(critic_grads, critic.trainable_variables))

    # Actor step: a new tape, so this second gradient call is on a fresh tape.
    with tf.GradientTape() as tape:
        actor_loss = tf.reduce_sum(critic(actor_point))
    actor_grads = tape.gradient(actor_loss, [actor_point])
    actor_optimizer.apply_gradients(zip(actor_grads, [actor_point]))


for _ in range(30):
    train_step()

distance_left = float(tf.norm(actor_point - target))
assert distance_left < 1.0, f"actor did not move towards the target: distance {distance_left:.3f}"
