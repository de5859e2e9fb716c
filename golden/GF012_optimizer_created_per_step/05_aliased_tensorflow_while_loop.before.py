"""GF012: `import tensorflow as tflow`; a while loop re-creates its Adam optimizer at the top of every iteration.

Fails with: AssertionError
"""
import tensorflow as tflow

tflow.keras.utils.set_random_seed(0)

# Tiny binary classifier: label is 1 when x0 - x1 > 0.
x = tflow.random.normal((128, 2))
y = tflow.cast(x[:, :1] - x[:, 1:] > 0, tflow.float32)

model = tflow.keras.Sequential([tflow.keras.Input((2,)), tflow.keras.layers.Dense(1)])
bce = tflow.keras.losses.BinaryCrossentropy(from_logits=True)

step = 0
while step < 30:
    optimizer = tflow.keras.optimizers.Adam(learning_rate=0.1)
    with tflow.GradientTape() as tape:
        loss = bce(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    step += 1  # one optimizer step per iteration

accuracy = float(tflow.reduce_mean(tflow.cast((model(x) > 0) == (y > 0.5), tflow.float32)))
assert accuracy > 0.9, f"classifier did not learn: accuracy {accuracy:.2f}"
assert int(optimizer.iterations) == step, f"the optimizer forgot its state: iterations {int(optimizer.iterations)}, steps {step}"
