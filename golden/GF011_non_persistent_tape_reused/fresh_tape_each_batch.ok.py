"""Near-miss of GF011: the loop runs gradient once per iteration, but the with statement inside the loop creates a fresh tape every time."""
import tensorflow as tflow

tflow.random.set_seed(0)

x = tflow.random.uniform((128,), -1.0, 1.0)
y = 3.0 * x + 2.0
batches = tflow.data.Dataset.from_tensor_slices((x, y)).batch(32)

w = tflow.Variable(0.0)
b = tflow.Variable(0.0)
opt = tflow.keras.optimizers.SGD(learning_rate=0.2)

for epoch in range(10):
    for xb, yb in batches:
        with tflow.GradientTape() as tape:  # a new tape for each batch
            loss = tflow.reduce_mean(tflow.square(w * xb + b - yb))
        grads = tape.gradient(loss, [w, b])
        opt.apply_gradients(zip(grads, [w, b]))

assert abs(float(w) - 3.0) < 0.3 and abs(float(b) - 2.0) < 0.3, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
