"""GF016: a @tf.function step reads the module's one optimizer while the fold loop hands it a new model each fold; a new optimizer in the loop would not reach the traced step, so there is no fix here.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.random.set_seed(0)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


@tf.function
def train_step(model, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


x = tf.random.normal((60, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
losses = []
for fold in range(3):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    for _ in range(60):
        loss = train_step(model, x, y)
    losses.append(float(loss))
assert max(losses) < 0.05, f"some fold did not fit: {losses}"
