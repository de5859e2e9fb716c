"""GF009: apply_gradients sits after the epoch loop, past a print in it, so the whole run updates the weights once, with the last batch's grads (reported; where the update belongs is left to a human).

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
    print(f"epoch {epoch}: last batch mse {float(mse):.4f}")
sgd.apply_gradients(zip(dmse, net.trainable_variables))
end = float(tf.reduce_mean(tf.square(net(features) - targets)))

assert end < 0.02 * start, f"loss did not go down enough: {start:.4f} -> {end:.4f}"
