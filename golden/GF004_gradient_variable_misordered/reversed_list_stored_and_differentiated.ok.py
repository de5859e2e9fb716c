"""Near-miss of GF004: the variables are stored top-down in a name, the gradients are taken with respect to that very list and zipped with it."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.0, -1.0], [0.5, 2.0]])

model = tf.keras.Sequential([
    tf.keras.Input((2,)),
    tf.keras.layers.Dense(2, use_bias=False),
    tf.keras.layers.Dense(2, use_bias=False),
])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)


def train_step(xb, yb):
    top_down = list(reversed(model.trainable_variables))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb) - yb))
    grads = tape.gradient(loss, top_down)
    optimizer.apply_gradients(zip(grads, top_down))
    return float(loss)


losses = [train_step(x, y) for _ in range(50)]
assert losses[-1] < 0.1 * losses[0], f"loss did not go down enough: {losses[0]:.3f} -> {losses[-1]:.3f}"
