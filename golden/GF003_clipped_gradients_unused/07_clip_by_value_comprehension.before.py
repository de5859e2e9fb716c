"""GF003: gradients are clipped element-wise with clip_by_value into `capped`, but `grads` is applied.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((200, 4))
true_w = tf.constant([[1.0], [-2.0], [0.5], [3.0]])
y = tf.matmul(x, true_w)

model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1, kernel_initializer="zeros", use_bias=False)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    capped = [tf.clip_by_value(g, -10.0, 10.0) for g in grads]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for step in range(50):
    train_step(x, y)

error = float(tf.reduce_max(tf.abs(model.trainable_variables[0] - true_w)))
assert error < 0.2, f"weights should approach {true_w.numpy().ravel()}, max error {error}"
