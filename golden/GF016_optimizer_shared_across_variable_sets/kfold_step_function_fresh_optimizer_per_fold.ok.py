"""Near-miss of GF016: each fold rebuilds both the model and its optimizer before handing them to the step function."""
import tensorflow as tf

tf.random.set_seed(0)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return float(loss)


x = tf.random.normal((60, 2))
y = x[:, :1] * 2.0 - x[:, 1:]
final = []
for fold in range(3):
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    for epoch in range(60):
        loss = train_step(model, optimizer, x, y)
    final.append(loss)
assert max(final) < 0.05, f"some fold did not fit: {final}"
