"""Near-miss of GF009: gradients of 4 micro-batches are summed into `accumulated`, which is applied once after the loop (gradient accumulation)."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((128, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


def train_step(x, y, micro_batches=4):
    # one optimizer step per call, averaged over micro-batches to save memory
    accumulated = [tf.zeros_like(v) for v in model.trainable_variables]
    for xb, yb in zip(tf.split(x, micro_batches), tf.split(y, micro_batches)):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(xb) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        accumulated = [a + g / micro_batches for a, g in zip(accumulated, grads)]
    optimizer.apply_gradients(zip(accumulated, model.trainable_variables))


for _ in range(40):
    train_step(x, y)

final_loss = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final_loss < 0.01, f"accumulated steps did not fit y = 3x + 2: final MSE {final_loss:.4f}"
