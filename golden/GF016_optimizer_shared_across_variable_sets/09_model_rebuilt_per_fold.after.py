"""GF016: k-fold training rebuilds the model for each fold but keeps the optimizer built once before the folds.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((60, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
scores = []
for fold in range(3):
    held_out = tf.range(fold * 20, fold * 20 + 20)
    train_x = tf.concat([x[: fold * 20], x[fold * 20 + 20 :]], axis=0)
    train_y = tf.concat([y[: fold * 20], y[fold * 20 + 20 :]], axis=0)
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
    for _ in range(60):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(train_x) - train_y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    scores.append(float(tf.reduce_mean(tf.square(model(tf.gather(x, held_out)) - tf.gather(y, held_out)))))
assert max(scores) < 0.05, f"some fold did not fit: {scores}"
