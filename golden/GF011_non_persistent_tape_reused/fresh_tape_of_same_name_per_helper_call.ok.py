"""Near-miss of GF011: a step opens a second tape under the same name before handing it to the gradient helper again, so each tape is asked once."""
import tensorflow as tf

tf.random.set_seed(0)
actor = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
critic = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
actor_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
critic_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


def gradients_for(tape, loss, network):
    return tape.gradient(loss, network.trainable_variables)


def train_step(x, y):
    with tf.GradientTape() as tape:
        critic_loss = tf.reduce_mean(tf.square(critic(x) - y))
    critic_grads = gradients_for(tape, critic_loss, critic)
    with tf.GradientTape() as tape:
        actor_loss = tf.reduce_mean(tf.square(actor(x) + y))
    actor_grads = gradients_for(tape, actor_loss, actor)
    critic_optimizer.apply_gradients(zip(critic_grads, critic.trainable_variables))
    actor_optimizer.apply_gradients(zip(actor_grads, actor.trainable_variables))
    return float(critic_loss), float(actor_loss)


x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [-1.0]])
for _ in range(100):
    critic_loss, actor_loss = train_step(x, y)
assert critic_loss < 0.01 and actor_loss < 0.01, f"did not fit: {critic_loss:.4f}, {actor_loss:.4f}"
