"""GF005: aliased `tflow` import; the gradient is taken w.r.t. the prediction tensor and zipped with the `params` list (silently pairs two of its entries with w and b).

Fails with: AssertionError
"""
import tensorflow as tflow
from tensorflow.keras.optimizers import SGD

tflow.random.set_seed(0)

x = tflow.random.uniform((100,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tflow.Variable(0.0)
b = tflow.Variable(0.0)
params = [w, b]
opt = SGD(learning_rate=0.5)

for step in range(50):
    with tflow.GradientTape() as tape:
        pred = w * x + b  # linear model
        loss = tflow.reduce_mean(tflow.square(pred - y))
    grads = tape.gradient(loss, pred)
    opt.apply_gradients(zip(grads, params))

assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
