"""Near-miss of GF016: the step loop binds its variable list on every iteration, but only as a cache (`train_vars = train_vars or encoder... + head...`) of the same two models' variables, built once before the loop: the optimizer always sees the same variables."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)
encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8, activation="tanh")])
head = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.Adam(0.02)

train_vars = None
losses = []
for step in range(80):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(head(encoder(x)) - y))
    train_vars = train_vars or encoder.trainable_variables + head.trainable_variables
    grads = tape.gradient(loss, train_vars)
    optimizer.apply_gradients(zip(grads, train_vars))
    losses.append(float(loss))

assert losses[-1] < 0.1 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
