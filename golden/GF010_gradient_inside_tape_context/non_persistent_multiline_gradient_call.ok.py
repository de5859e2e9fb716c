"""Near-miss of GF010 (non-persistent tape, nothing lost: recording stops at the call): `from tensorflow.keras.optimizers import Adam`; a multi-line gradient call with comments sits inside the tape block."""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam

tf.random.set_seed(0)

# Two-layer regression of y = x0 * x1.
x = tf.random.uniform((256, 2), -1.0, 1.0)
y = x[:, :1] * x[:, 1:]

model = tf.keras.Sequential([
    tf.keras.Input((2,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = Adam(learning_rate=0.02)


def step(x, y, use_l2=True):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = tf.reduce_mean(tf.square(pred - y))
        if use_l2:
            loss += 1e-4 * tf.add_n([tf.reduce_sum(tf.square(v)) for v in model.trainable_variables])
        # Gradients of the regularised loss.
        grads = tape.gradient(
            loss,  # scalar
            model.trainable_variables,
        )
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [step(x, y) for _ in range(30)]
assert losses[-1] < 0.5 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
