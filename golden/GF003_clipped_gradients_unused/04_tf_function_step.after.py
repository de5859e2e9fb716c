"""GF003: a @tf.function train step computes `clipped` with clip_by_global_norm but applies `grads`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((256, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.02)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(model(xb) - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    clipped, _ = tf.clip_by_global_norm(grads, 5.0)  # summed loss -> big gradients
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return loss


for epoch in range(10):
    for xb, yb in dataset:
        train_step(xb, yb)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.05, f"training diverged or stalled: final MSE {final_loss}"
