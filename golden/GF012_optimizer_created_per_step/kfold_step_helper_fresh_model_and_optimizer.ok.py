"""Near-miss of GF012: k-fold training rebuilds both the model and its optimizer for each fold and hands them to a step function."""
import tensorflow as tf

tf.random.set_seed(0)
x = tf.random.normal((60, 2))
y = x[:, :1] * 2.0 - x[:, 1:]


def train_step(model, optimizer, xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(xb) - yb))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))


scores = []
for fold in range(3):
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    train_x = tf.concat([x[: fold * 20], x[fold * 20 + 20 :]], axis=0)
    train_y = tf.concat([y[: fold * 20], y[fold * 20 + 20 :]], axis=0)
    for epoch in range(60):
        train_step(model, optimizer, train_x, train_y)
    held_x, held_y = x[fold * 20 : fold * 20 + 20], y[fold * 20 : fold * 20 + 20]
    scores.append(float(tf.reduce_mean(tf.square(model(held_x) - held_y))))
assert max(scores) < 0.05, f"some fold did not fit: {scores}"
