"""Near-miss of GF012: a test function builds its optimizer and takes exactly one step; it is called once, so nothing is reset."""
import tensorflow as tf

tf.random.set_seed(0)


def test_one_step_moves_the_weights():
    layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
    layer.build((None, 3))
    x = tf.ones((4, 3))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(layer(x) - 1.0))
    grads = tape.gradient(loss, layer.trainable_variables)
    optimizer.apply_gradients(zip(grads, layer.trainable_variables))
    assert float(tf.reduce_sum(layer.kernel)) > 0.0, "one step should move the kernel toward the target"
    return float(tf.reduce_mean(tf.square(layer(x) - 1.0))), float(loss)


after, before = test_one_step_moves_the_weights()
assert after < before, f"loss did not go down: {before:.4f} -> {after:.4f}"
