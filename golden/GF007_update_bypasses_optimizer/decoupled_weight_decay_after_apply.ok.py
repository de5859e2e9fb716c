"""Near-miss of GF007: the optimizer applies the gradients; the extra per-variable assign is decoupled weight decay, not a gradient step."""
import tensorflow as tf

tf.random.set_seed(0)


def train(model, optimizer, x, y, steps=50, weight_decay=1e-3):
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        # decoupled weight decay (AdamW-style), applied after the optimizer step
        for v in model.trainable_variables:
            v.assign(v * (1.0 - weight_decay))
    return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2, momentum=0.5)

final_loss = train(model, optimizer, x, y)
assert final_loss < 0.01 and int(optimizer.iterations) == 50, f"training failed: loss {final_loss:.4f}"
