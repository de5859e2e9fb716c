"""Near-miss of GF004: reversed(grads) and grads[::-1] only feed a gradient-norm log; apply_gradients gets them in order."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 3))
y = tf.matmul(x, [[1.0], [-2.0], [0.5]]) + 1.0

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

losses, norm_log = [], []
for _ in range(30):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    # log norms from the output layer backwards
    norm_log.append([float(tf.norm(g)) for g in reversed(grads)])
    output_first = grads[::-1]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert len(output_first) == len(norm_log[-1]) == 4
assert losses[-1] < 0.1 * losses[0], f"loss did not go down: {losses[0]:.3f} -> {losses[-1]:.3f}"
