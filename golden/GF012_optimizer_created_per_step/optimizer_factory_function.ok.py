"""Near-miss of GF012: a factory function constructs and returns an optimizer; it is called once, before the training loop."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)


def make_optimizer(name, learning_rate):
    if name == "adam":
        return tf.keras.optimizers.Adam(learning_rate=learning_rate)
    return tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
opt = make_optimizer("adam", 0.1)

losses = []
for step in range(30):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.05 * losses[0] and int(opt.iterations) == 30, f"loss {losses[0]:.4f} -> {losses[-1]:.4f}"
