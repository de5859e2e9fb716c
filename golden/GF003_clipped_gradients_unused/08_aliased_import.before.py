"""GF003: with `import tensorflow as tflow`, the clip_by_global_norm result `clipped` is never applied.

Fails with: AssertionError
"""
import tensorflow as tflow
from tensorflow import keras

tflow.random.set_seed(0)

x = tflow.linspace(-1.0, 1.0, 64)[:, None]
y = -2.0 * x + 1.0

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = keras.optimizers.SGD(learning_rate=0.05)
losses = []

for step in range(50):
    with tflow.GradientTape() as tape:
        loss = tflow.reduce_sum(tflow.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    clipped, grad_norm = tflow.clip_by_global_norm(grads, 2.0)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert losses[-1] < 0.01 * losses[0], f"loss should fall by 100x, went {losses[0]:.3g} -> {losses[-1]:.3g}"
