"""Near-miss for GF013: a policy-gradient loss helper computes the policy's entropy with NumPy for its log, but returns only the TensorFlow surrogate, so nothing it returns leaves TensorFlow."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)

states = rng.normal(size=(128, 4)).astype("float32")
best = (states[:, 0] > 0).astype("int32")  # the action that pays
policy = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(2, activation="softmax")])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
entropies = []


def surrogate_loss(actions, probs, advantage):
    entropies.append(float(np.mean(-np.sum(probs * np.log(probs + 1e-8), axis=1))))
    taken = tf.gather(probs, actions, batch_dims=1)
    return -tf.reduce_mean(tf.math.log(taken + 1e-8) * advantage)


for step in range(150):
    with tf.GradientTape() as tape:
        probs = policy(states)
        actions = tf.random.categorical(tf.math.log(probs), 1, dtype=tf.int32)[:, 0]
        advantage = tf.where(actions == best, 1.0, -1.0)
        loss = surrogate_loss(actions, probs, advantage)
    grads = tape.gradient(loss, policy.trainable_variables)
    optimizer.apply_gradients(zip(grads, policy.trainable_variables))

accuracy = float(np.mean(np.argmax(policy(states).numpy(), axis=1) == best))
assert accuracy > 0.9, f"the policy did not learn: {accuracy:.2f}"
assert entropies[-1] < entropies[0], "the policy did not become more certain"
