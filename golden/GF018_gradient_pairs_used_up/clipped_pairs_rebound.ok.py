"""Near-miss of GF018: the zip is read once, by the comprehension that rebinds the name to clipped pairs."""
import tensorflow as tf

tf.random.set_seed(0)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads_and_vars = zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    grads_and_vars = [(tf.clip_by_norm(grad, 5.0), var) for grad, var in grads_and_vars]
    optimizer.apply_gradients(grads_and_vars)
    return loss


x = tf.random.normal((64, 2))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
losses = [float(train_step(model, optimizer, x, y)) for _ in range(60)]

assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.4f}"
