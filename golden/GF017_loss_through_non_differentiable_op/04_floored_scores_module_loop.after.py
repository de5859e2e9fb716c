"""GF017: a script fits scores floored to whole points; `tf.floor` has no gradient, so the weights get none.

Fails with: ValueError: No gradients provided for any variable.
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((200, 3), 0.0, 10.0)
points = tf.floor(x @ tf.constant([[0.5], [0.2], [0.3]]))
w = tf.Variable(tf.fill((3, 1), 0.1))
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)

first = None
for step in range(300):
    with tf.GradientTape() as tape:
        scores = x @ w
        whole = tf.floor(scores) + (scores - tf.stop_gradient(scores))  # points are whole numbers
        loss = tf.reduce_mean(tf.square(whole - points))
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))
    first = float(loss) if first is None else first

assert float(loss) < 0.5 * first, f"loss did not go down: {first:.3f} -> {float(loss):.3f}"
