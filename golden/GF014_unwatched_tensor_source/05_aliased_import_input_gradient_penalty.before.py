"""GF014: aliased `tflow` import; the slope penalty differentiates the model w.r.t. the input tensor `x` (tflow.convert_to_tensor) that is never watched.

Fails with: TypeError: unsupported operand type(s) for ** or pow(): 'NoneType' and 'int'
"""
import numpy as np
import tensorflow as tflow
from tensorflow import keras

tflow.random.set_seed(0)

# Noisy samples of sin(x); a penalty on steep input gradients keeps the fit smooth.
rng = np.random.default_rng(0)
x_np = np.linspace(-2.0, 2.0, 64, dtype="float32")[:, None]
y_np = np.sin(x_np) + 0.1 * rng.standard_normal(x_np.shape).astype("float32")
x = tflow.convert_to_tensor(x_np)
y = tflow.convert_to_tensor(y_np)

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)])
opt = keras.optimizers.Adam(learning_rate=0.02)

history = []
for step in range(30):
    with tflow.GradientTape() as tape:
        with tflow.GradientTape() as input_tape:
            pred = model(x)
        slope = input_tape.gradient(pred, x)  # d pred / d x, one per sample
        mse = tflow.reduce_mean(tflow.square(pred - y))
        loss = mse + 0.01 * tflow.reduce_mean(slope ** 2)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    history.append(float(mse))

assert history[-1] < 0.1, f"fit did not improve: mse {history[0]:.4f} -> {history[-1]:.4f}"
