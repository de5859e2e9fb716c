"""Near-miss of GF010: the @tf.function step closes the tape before calling gradient; nothing is differentiated inside the with block."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = tf.reduce_mean(tf.square(pred - y))
    # Outside the tape: nothing more needs to be recorded.
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


first = float(train_step(x, y))
for _ in range(40):
    last = float(train_step(x, y))
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
