"""Near-miss of GF018: the zip goes to apply_gradients first; a generator over it (never read) and a branch that only logs do not use it up."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
verbose = False

first_loss = None
for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    grads_and_vars = zip(grads, model.trainable_variables)
    lazy_norms = (tf.norm(grad) for grad, _ in grads_and_vars)
    if verbose:
        print([float(tf.norm(grad)) for grad, _ in grads_and_vars])
    else:
        optimizer.apply_gradients(grads_and_vars)
    for grad, var in grads_and_vars:  # after the update: nothing left, nothing lost
        print(var.name, float(tf.norm(grad)))
    if first_loss is None:
        first_loss = float(loss)

assert float(loss) < 0.01 * first_loss, f"loss did not go down: {first_loss:.4f} -> {float(loss):.4f}"
