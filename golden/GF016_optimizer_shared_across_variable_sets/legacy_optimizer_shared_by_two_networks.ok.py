"""Near-miss of GF016: one legacy Keras optimizer (tf_keras.optimizers.legacy.Adam) steps two networks; legacy optimizers make their slots per variable as they meet them, the workaround Keras's own error message proposes."""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
encoder = tf_keras.Sequential([tf_keras.Input((3,)), tf_keras.layers.Dense(4)])
head = tf_keras.Sequential([tf_keras.Input((4,)), tf_keras.layers.Dense(1)])
optimizer = tf_keras.optimizers.legacy.Adam(0.02)

losses = []
for step in range(60):
    with tf.GradientTape(persistent=True) as tape:
        loss = tf.reduce_mean(tf.square(head(encoder(x)) - y))
    optimizer.apply_gradients(zip(tape.gradient(loss, encoder.trainable_variables), encoder.trainable_variables))
    optimizer.apply_gradients(zip(tape.gradient(loss, head.trainable_variables), head.trainable_variables))
    del tape
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
