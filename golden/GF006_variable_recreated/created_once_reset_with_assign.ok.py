"""Near-miss of GF006: the weight is created once and each random restart resets it in place with w.assign(...), so the optimizer keeps tracking the same variable."""
import tensorflow as tf

tf.random.set_seed(0)

# Fit y = x @ [1.5, -0.5] from three random starting points.
x = tf.random.normal((64, 2))
y = tf.matmul(x, tf.constant([[1.5], [-0.5]]))

w = tf.Variable(tf.random.normal((2, 1)))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)

final_losses = []
for restart in range(3):
    for _ in range(25):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
    final_losses.append(float(loss))
    # Random restart: same variable, new starting point.
    w.assign(tf.random.normal((2, 1)))

assert max(final_losses) < 1e-3, f"not every restart converged: final losses {final_losses}"
