"""GF001 GF002 GF003: one step computes the forward pass before the tape, clips into a new name, and applies two lists.

Fails with: TypeError: BaseOptimizer.apply_gradients() takes 2 positional arguments but 3 were given
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)

x = tf.random.normal((64, 3))
y = tf.reduce_sum(x * [1.0, -2.0, 0.5], axis=1, keepdims=True)

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

losses = []
for step in range(60):
    with tf.GradientTape() as tape:
        # forward pass
        predictions = model(x, training=True)
        loss = tf.reduce_mean(tf.square(predictions - y))
    grads = tape.gradient(loss, model.trainable_variables)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)  # keep updates bounded
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss did not drop: {losses[0]:.4f} -> {losses[-1]:.4f}"
