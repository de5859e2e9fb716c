"""Near-miss of GF016: as a guide does, the script builds a second model and defines a `train_step` for it with the first model's optimizer, but never runs that step; the optimizer only ever updates the first model."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


losses = [float(train_step(x, y)) for _ in range(60)]
trained = model

# The same loop for a model with an activity penalty (shown, not run here).
model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1, activity_regularizer="l2")])


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y)) + sum(model.losses)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


assert trained is not model, "the second model is only shown, not trained"
assert losses[-1] < 0.05 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
