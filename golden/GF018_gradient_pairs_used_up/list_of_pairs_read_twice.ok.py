"""Near-miss of GF018: the pairs are a list, so logging them first leaves them for the update."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads_and_vars = list(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    norms = [float(tf.norm(grad)) for grad, _ in grads_and_vars]
    optimizer.apply_gradients(grads_and_vars)
    if first_loss is None:
        first_loss = float(loss)

assert float(loss) < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {float(loss):.4f}"
