"""GF007: `import tensorflow as tflow` plus `import keras`; run_epoch() assigns net.trainable_variables while `sgd` is unused.

Fails with: AttributeError: property 'trainable_variables' of 'Sequential' object has no setter
"""
import keras
import tensorflow as tflow

tflow.random.set_seed(0)

features = tflow.random.normal((96, 3))
targets = features @ tflow.constant([[1.0], [-2.0], [0.5]]) + 1.0
batches = tflow.data.Dataset.from_tensor_slices((features, targets)).shuffle(96, seed=0).batch(32)

net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_initializer="zeros")])
sgd = keras.optimizers.SGD(learning_rate=0.1, momentum=0.5)


def run_epoch():
    for xb, yb in batches:
        with tflow.GradientTape() as tape:
            mse = tflow.reduce_mean(tflow.square(net(xb) - yb))
        dmse = tape.gradient(mse, net.trainable_variables)
        sgd.apply_gradients(zip(dmse, net.trainable_variables))  # one step per batch


start = float(tflow.reduce_mean(tflow.square(net(features) - targets)))
for _ in range(10):
    run_epoch()
end = float(tflow.reduce_mean(tflow.square(net(features) - targets)))

assert end < 0.05 * start, f"loss did not go down: {start:.4f} -> {end:.4f}"
