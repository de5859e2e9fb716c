"""GF015: with `import tensorflow as tflow`, a hand-written linear model calls optimizer.minimize(loss, params).

Fails with: AttributeError: 'SGD' object has no attribute 'minimize'
"""
import tensorflow as tflow

tflow.random.set_seed(0)

features = tflow.random.normal((64, 2))
targets = tflow.matmul(features, [[0.5], [1.5]]) - 1.0

w = tflow.Variable(tflow.zeros((2, 1)))
b = tflow.Variable(tflow.zeros((1,)))
params = [w, b]
optimizer = tflow.keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)


def fit(steps):
    for _ in range(steps):
        with tflow.GradientTape() as tape:
            pred = tflow.matmul(features, w) + b
            loss = tflow.reduce_mean(tflow.square(pred - targets))
        grads = tape.gradient(loss, params)
        optimizer.apply_gradients(zip(grads, params))
    return float(loss)


first = fit(1)
last = fit(40)
assert last < 0.01 * first, f"loss did not go down: {first:.4f} -> {last:.5f}"
