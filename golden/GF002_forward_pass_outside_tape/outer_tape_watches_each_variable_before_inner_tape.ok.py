"""Near-miss of GF002: inside the outer tape a loop watches each variable before the inner tape opens; the inner gradient is differentiated again (a gradient-norm penalty)."""
import tensorflow as tf

tf.random.set_seed(0)


def penalised_step(variables, optimizer, x, y, strength=0.1, decay=1e-4):
    with tf.GradientTape() as outer:
        for v in variables:
            outer.watch(v)
        with tf.GradientTape() as inner:
            w, b = variables
            loss = tf.reduce_mean(tf.square(tf.tanh(x @ w + b) - y))
            loss += decay * tf.add_n([tf.reduce_sum(tf.square(v)) for v in variables])
        grads = inner.gradient(loss, variables)
        penalty = tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads])
        objective = loss + strength * penalty
    second = outer.gradient(objective, variables)
    optimizer.apply_gradients(zip(second, variables))
    return float(loss), float(penalty)


x = tf.random.normal((128, 3))
y = tf.tanh(x @ tf.constant([[0.6], [-0.4], [0.9]]))
variables = [tf.Variable(tf.zeros((3, 1))), tf.Variable(tf.zeros((1,)))]
optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)
history = [penalised_step(variables, optimizer, x, y) for _ in range(150)]
(first_loss, _), (last_loss, last_penalty) = history[0], history[-1]
assert last_loss < 0.05 * first_loss and last_penalty < 1e-3, f"loss {first_loss:.4f} -> {last_loss:.5f}, penalty {last_penalty:.5f}"
