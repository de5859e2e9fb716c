"""GF008: with `import tensorflow as tflow`, a function loops over dataset batches calling tflow.gradients.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tflow

tflow.random.set_seed(0)

features = tflow.random.normal((128, 1))
targets = 0.5 * features - 1.0
dataset = tflow.data.Dataset.from_tensor_slices((features, targets)).batch(32)

w = tflow.Variable([[0.0]])
b = tflow.Variable([0.0])
optimizer = tflow.keras.optimizers.Adam(learning_rate=0.1)


def run_epoch():
    for xb, yb in dataset:
        with tflow.GradientTape() as tape:
            pred = tflow.matmul(xb, w) + b
            loss = tflow.reduce_mean(tflow.square(pred - yb))
        grads = tape.gradient(loss, (w, b))
        optimizer.apply_gradients(zip(grads, (w, b)))
    return float(loss)


first = run_epoch()
for epoch in range(9):
    last = run_epoch()
assert last < 0.05 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
