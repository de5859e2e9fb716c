"""Near-miss of GF016: a `tf.function` step reads the global `model`, which the script rebinds only after every call of the step (to an inference copy); the optimizer only ever updates the first model."""
import tensorflow as tf

tf.random.set_seed(0)


def make_model():
    return tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(8, activation="tanh"), tf.keras.layers.Dense(1)])


x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = make_model()
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)

# A few eager steps first, to see the loss move.
for step in range(20):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
first = float(loss)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for step in range(200):
    loss = train_step(x, y)

# An inference copy of the trained model: same weights, built afresh.
trained = model
model = make_model()
model.set_weights(trained.get_weights())
final = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final < 0.1 * first, f"loss did not go down: {first:.4f} -> {final:.4f}"
