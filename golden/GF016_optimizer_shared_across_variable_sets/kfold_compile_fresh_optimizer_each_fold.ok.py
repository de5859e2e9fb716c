"""Near-miss of GF016: k-fold validation compiles each fold's fresh model with an optimizer built for it in the same iteration."""
import tensorflow as tf

tf.keras.utils.set_random_seed(0)
x = tf.random.normal((90, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
scores = []
for fold in range(3):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    model.compile(optimizer=optimizer, loss="mse")
    keep = [i for i in range(90) if i // 30 != fold]
    model.fit(tf.gather(x, keep), tf.gather(y, keep), epochs=40, batch_size=30, verbose=0)
    scores.append(model.evaluate(x[fold * 30 : fold * 30 + 30], y[fold * 30 : fold * 30 + 30], verbose=0))
assert max(scores) < 0.05, f"some fold did not fit: {scores}"
