"""GF011: `import tensorflow as tflow`; per-example gradients via jacobian, then the update gradient, from one non-persistent tape.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tflow

tflow.random.set_seed(0)

# Linear regression y = x @ [1, -2, 0.5] + 0.3.
x = tflow.random.normal((64, 3))
y = tflow.linalg.matvec(x, tflow.constant([1.0, -2.0, 0.5])) + 0.3

w = tflow.Variable(tflow.zeros(3))
b = tflow.Variable(0.0)
opt = tflow.keras.optimizers.SGD(learning_rate=0.3)


@tflow.function
def train_step():
    with tflow.GradientTape(persistent=True) as tape:
        per_example = tflow.square(tflow.linalg.matvec(x, w) + b - y)
        loss = tflow.reduce_mean(per_example)
    per_example_grads = tape.jacobian(per_example, w)  # shape (64, 3), for monitoring
    grads = tape.gradient(loss, [w, b])
    del tape
    opt.apply_gradients(zip(grads, [w, b]))
    # Gradient noise: spread of the per-example gradients.
    return tflow.reduce_mean(tflow.math.reduce_std(per_example_grads, axis=0))


gradient_noise = [float(train_step()) for _ in range(20)]

assert float(tflow.reduce_max(tflow.abs(w - [1.0, -2.0, 0.5]))) < 0.05, f"weights did not fit: {w.numpy()}"
assert gradient_noise[-1] < 0.1 * gradient_noise[0], f"per-example gradients did not shrink: {gradient_noise[0]:.3f} -> {gradient_noise[-1]:.3f}"
