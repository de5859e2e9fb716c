"""GF016: k-fold validation compiles every fold's fresh model with the one Adam instance built before the folds.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
x = tf.random.normal((90, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
scores = []
for fold in range(3):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    model.compile(optimizer=optimizer, loss="mse")
    keep = [i for i in range(90) if i // 30 != fold]
    model.fit(tf.gather(x, keep), tf.gather(y, keep), epochs=40, batch_size=30, verbose=0)
    scores.append(model.evaluate(x[fold * 30 : fold * 30 + 30], y[fold * 30 : fold * 30 + 30], verbose=0))
assert max(scores) < 0.05, f"some fold did not fit: {scores}"
