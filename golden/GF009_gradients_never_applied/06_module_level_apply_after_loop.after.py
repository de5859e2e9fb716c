"""GF009: `import tensorflow as tflow`; the loop recomputes grads for [w, b] each step but opt applies only the last ones, after the loop.

Fails with: AssertionError
"""
import tensorflow as tflow

tflow.random.set_seed(0)

x = tflow.random.uniform((64,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tflow.Variable(0.0)
b = tflow.Variable(0.0)
opt = tflow.keras.optimizers.SGD(learning_rate=0.2)

# 50 full-batch gradient steps
for step in range(50):
    with tflow.GradientTape() as tape:
        loss = tflow.reduce_mean(tflow.square(w * x + b - y))
    grads = tape.gradient(loss, [w, b])
    opt.apply_gradients(zip(grads, [w, b]))

assert abs(float(w) - 3.0) < 0.1 and abs(float(b) - 2.0) < 0.1, f"expected w~3, b~2, got {float(w):.3f}, {float(b):.3f}"
