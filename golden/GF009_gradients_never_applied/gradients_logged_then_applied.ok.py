"""Near-miss of GF009: the step prints the gradient norm and then applies the gradients."""
import tensorflow as tf

tf.random.set_seed(7)

net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.3)


def step(index, features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, net.trainable_variables)
    if index % 50 == 0:
        print(index, float(tf.linalg.global_norm(grads)))
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 4.0 * x + 1.0
for i in range(100):
    last = step(i, x, y)
assert last < 0.01, f"training failed: loss {last:.4f}"
