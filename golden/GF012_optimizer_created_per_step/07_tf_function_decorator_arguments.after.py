"""GF012: `import keras`; a @tf.function(reduce_retracing=True) step over dataset batches builds keras.optimizers.Adam inside the traced body.

Fails with: ValueError: tf.function only supports singleton tf.Variables created on the first call.
"""
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)

x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])


optimizer = keras.optimizers.Adam(learning_rate=0.1)


@tf.function(reduce_retracing=True)
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = keras.losses.mean_squared_error(yb, model(xb, training=True))
        loss = tf.reduce_mean(loss)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(12):  # 4 batches per epoch
    for xb, yb in dataset:
        train_step(xb, yb)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training stalled: final MSE {final_loss:.4f}"
