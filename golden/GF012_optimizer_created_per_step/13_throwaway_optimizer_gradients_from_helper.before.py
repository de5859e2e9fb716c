"""GF012: a step function gets its gradients from a helper and applies them with a throwaway `Adam(...)`, built anew for every step.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])


def gradients(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    return loss, tape.gradient(loss, model.trainable_variables)


def train_step(x, y):
    loss, grads = gradients(x, y)
    tf.keras.optimizers.Adam(learning_rate=0.02).apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [-1.0]])
losses = [train_step(x, y) for _ in range(100)]
assert losses[-1] < 0.2 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
