"""Near-miss of GF002: the loss lambda is defined before the tape but calls the model itself, so the forward pass runs under the tape."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = x @ tf.constant([[1.0], [-2.0], [0.5]]) - 1.0

model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

history = []
for step in range(40):
    compute_loss = lambda: tf.reduce_mean(tf.square(y - model(x, training=True)))  # noqa: E731
    with tf.GradientTape() as tape:
        loss = compute_loss()
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    history.append(float(loss))

assert history[-1] < 0.05 * history[0], f"loss did not go down: {history[0]:.3f} -> {history[-1]:.3f}"
