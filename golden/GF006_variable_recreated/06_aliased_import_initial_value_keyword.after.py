"""GF006: `import tensorflow as tflow`; the trained bias is re-created with tflow.Variable(initial_value=..., ...) before refitting.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tflow

tflow.random.set_seed(0)

x = tflow.random.uniform((100, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

kernel = tflow.Variable(tflow.zeros((1, 1)), name="kernel")
bias = tflow.Variable(initial_value=tflow.zeros((1,)), trainable=True, name="bias")
optimizer = tflow.keras.optimizers.SGD(learning_rate=0.3)


def fit(features, targets, steps):
    for _ in range(steps):
        with tflow.GradientTape() as tape:
            loss = tflow.reduce_mean(tflow.square(tflow.matmul(features, kernel) + bias - targets))
        grads = tape.gradient(loss, [kernel, bias])
        optimizer.apply_gradients(zip(grads, [kernel, bias]))
    return float(loss)


fit(x, y, 40)
# The targets moved up by 1: keep the learned slope, refit the intercept from zero.
bias.assign(tflow.zeros((1,)))
final_loss = fit(x, y + 1.0, 40)

assert abs(float(bias[0]) - 3.0) < 0.1 and final_loss < 1e-3, f"intercept not refitted: bias={float(bias[0]):.3f}, loss={final_loss:.5f}"
