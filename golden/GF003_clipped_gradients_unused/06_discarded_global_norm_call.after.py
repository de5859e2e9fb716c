"""GF003: tf.clip_by_global_norm(grads, 5.0) is called as a bare statement, so its result is discarded.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)

features = tf.random.normal((256, 3))
targets = tf.matmul(features, [[2.0], [-1.0], [0.5]]) + 1.0
batches = tf.data.Dataset.from_tensor_slices((features, targets)).shuffle(256, seed=0).batch(128)

model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.02)

for epoch in range(20):
    for xb, yb in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(model(xb) - yb))
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

mse = float(tf.reduce_mean(tf.square(model(features) - targets)))
assert mse < 0.05, f"expected the fit to converge, final MSE {mse}"
