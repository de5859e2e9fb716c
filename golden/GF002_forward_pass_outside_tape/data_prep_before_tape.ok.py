"""Near-miss of GF002: only data preparation (casting, normalising, reshaping) happens before the tape; the forward pass is inside it."""
import tensorflow as tf

tf.random.set_seed(0)

raw_x = tf.random.uniform((64,), 0, 100, dtype=tf.int32)
raw_y = tf.cast(raw_x, tf.float64) * 0.05 + 1.0
x_mean, x_std = 50.0, 29.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(x, y):
    x = tf.cast(x, tf.float32)
    x = tf.reshape((x - x_mean) / x_std, (-1, 1))  # standardise
    y = tf.reshape(tf.cast(y, tf.float32), (-1, 1))
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = tf.reduce_mean(tf.square(y - pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


losses = [train_step(raw_x, raw_y) for _ in range(40)]
assert losses[-1] < 0.01, f"did not fit y = 0.05x + 1: {losses[0]:.3f} -> {losses[-1]:.4f}"
