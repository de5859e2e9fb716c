"""GF009: `import keras`; apply_gradients sits after the inner batch loop, so it runs once per epoch with the last batch's grads.

Fails with: AssertionError
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

features = tf.random.normal((96, 3))
targets = features @ tf.constant([[1.0], [-2.0], [0.5]]) + 1.0
batches = tf.data.Dataset.from_tensor_slices((features, targets)).shuffle(96, seed=0).batch(16)  # 6 batches

net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, kernel_initializer="zeros")])
sgd = keras.optimizers.SGD(learning_rate=0.1)

start = float(tf.reduce_mean(tf.square(net(features) - targets)))
for epoch in range(6):
    for xb, yb in batches:
        with tf.GradientTape() as tape:
            mse = tf.reduce_mean(tf.square(net(xb) - yb))
        dmse = tape.gradient(mse, net.trainable_variables)
        sgd.apply_gradients(zip(dmse, net.trainable_variables))
    # (evaluation / checkpointing would go here)
end = float(tf.reduce_mean(tf.square(net(features) - targets)))

assert end < 0.02 * start, f"loss did not go down enough: {start:.4f} -> {end:.4f}"
