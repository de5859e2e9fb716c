"""GF009: train_epoch() loops over batches computing grads, then applies only the last batch's grads after the loop.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


def train_epoch(model, optimizer, dataset):
    total, batches = 0.0, 0
    for xb, yb in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(xb, training=True) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        total += float(loss)
        batches += 1
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return total / batches


x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(256, seed=0).batch(32)  # 8 batches
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

epoch_losses = [train_epoch(model, optimizer, dataset) for _ in range(5)]
assert epoch_losses[-1] < 0.05 * epoch_losses[0], f"epoch loss did not go down: {epoch_losses[0]:.4f} -> {epoch_losses[-1]:.4f}"
