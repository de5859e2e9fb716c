"""Near-miss of GF007: a from-scratch section steps two variables by hand; the optimizer appears only in a later section that trains a Keras model."""
import tensorflow as tf

tf.random.set_seed(13)

slope = tf.Variable(0.0)
offset = tf.Variable(0.0)
x = tf.random.uniform((64,), -1.0, 1.0)
y = 2.0 * x + 1.0


def train_by_hand(steps, learning_rate=0.5):
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(slope * x + offset - y))
        d_slope, d_offset = tape.gradient(loss, [slope, offset])
        slope.assign_sub(learning_rate * d_slope)
        offset.assign_sub(learning_rate * d_offset)
    return float(loss)


by_hand = train_by_hand(200)

# the same fit with Keras
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.5)
model.compile(optimizer=optimizer, loss="mse")
history = model.fit(tf.reshape(x, (-1, 1)), tf.reshape(y, (-1, 1)), epochs=100, batch_size=64, verbose=0)
assert by_hand < 0.01 and history.history["loss"][-1] < 0.01, f"training failed: {by_hand:.4f}"
