"""GF006: a @tf.function step keeps updating the old weight after the module re-binds `w` to a new tf.Variable (silent).

Fails with: AssertionError: the re-initialised model did not train
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.matmul(x, tf.constant([[1.0], [2.0], [-1.0], [0.5]]))
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)

w = tf.Variable(tf.zeros((4, 1)))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - yb))
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))
    return loss


def run_epochs(epochs):
    for _ in range(epochs):
        for xb, yb in dataset:
            train_step(xb, yb)
    return float(tf.reduce_mean(tf.square(tf.matmul(x, w) - y)))


first_run = run_epochs(6)
# Re-initialise the weights and train again to check the run is reproducible.
w = tf.Variable(tf.zeros((4, 1)))
second_run = run_epochs(6)

assert second_run < 0.05, f"the re-initialised model did not train: loss {second_run:.4f} (first run {first_run:.4f})"
