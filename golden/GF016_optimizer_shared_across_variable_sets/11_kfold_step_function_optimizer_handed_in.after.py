"""GF016: cross-validation builds one Adam, then rebuilds the model for every fold and hands both to a step function.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with
"""
import tensorflow as tf

tf.random.set_seed(0)


def build_model():
    return tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def cross_validate(x, y, folds=3, epochs=60):
    size = x.shape[0] // folds
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    scores = []
    for fold in range(folds):
        model = build_model()
        optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
        keep = tf.concat([tf.range(0, fold * size), tf.range(fold * size + size, x.shape[0])], axis=0)
        for epoch in range(epochs):
            train_step(model, optimizer, tf.gather(x, keep), tf.gather(y, keep))
        held = slice(fold * size, fold * size + size)
        scores.append(float(tf.reduce_mean(tf.square(model(x[held]) - y[held]))))
    return scores


x = tf.random.normal((60, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
scores = cross_validate(x, y)
assert max(scores) < 0.05, f"some fold did not fit: {scores}"
