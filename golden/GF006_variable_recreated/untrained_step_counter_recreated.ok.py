"""Near-miss of GF006: only a per-epoch step counter (never differentiated or applied) is re-created with tf.Variable; the trained weights are created once."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((96, 3))
y = tf.matmul(x, tf.constant([[2.0], [-1.0], [0.5]]))
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

w = tf.Variable(tf.zeros((3, 1)))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
steps_this_epoch = tf.Variable(0, trainable=False)

for epoch in range(8):
    steps_this_epoch = tf.Variable(0, trainable=False)  # fresh counter each epoch
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - yb))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
        steps_this_epoch.assign_add(1)

assert int(steps_this_epoch) == 3, f"expected 3 steps in the last epoch, got {int(steps_this_epoch)}"
assert float(loss) < 0.01, f"linear model did not fit: loss {float(loss):.4f}"
