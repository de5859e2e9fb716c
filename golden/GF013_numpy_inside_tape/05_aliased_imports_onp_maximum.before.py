"""GF013: `import numpy as onp` and `import tensorflow as tflow`; the hinge loss uses onp.maximum inside the tape.

Fails with: ValueError: No gradients provided for any variable.
"""
import numpy as onp
import tensorflow as tflow

tflow.keras.utils.set_random_seed(0)

# Linear SVM on two features: labels are +1 / -1.
rng = onp.random.default_rng(0)
x = rng.normal(size=(128, 2)).astype("float32")
labels = onp.where(x[:, :1] + 2.0 * x[:, 1:] > 0, 1.0, -1.0).astype("float32")

model = tflow.keras.Sequential([tflow.keras.Input((2,)), tflow.keras.layers.Dense(1)])
optimizer = tflow.keras.optimizers.SGD(learning_rate=0.5)

for step in range(30):
    with tflow.GradientTape() as tape:
        margins = labels * model(x, training=True)
        loss = tflow.reduce_mean(onp.maximum(0.0, 1.0 - margins))  # hinge loss
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

accuracy = float(tflow.reduce_mean(tflow.cast(labels * model(x) > 0, tflow.float32)))
assert accuracy > 0.9, f"SVM did not learn: accuracy {accuracy:.2f}"
