"""Near-miss of GF003: `grads = [tf.clip_by_norm(g, 1.0) for g in grads]` replaces the raw gradients before they are applied."""
import tensorflow as tf

tf.random.set_seed(0)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    grads = [tf.clip_by_norm(g, 1.0) for g in grads]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

first_loss = float(train_step(model, optimizer, x, y))
for _ in range(49):
    last_loss = float(train_step(model, optimizer, x, y))

assert last_loss < 0.01 * first_loss, f"loss did not go down: {first_loss} -> {last_loss}"
