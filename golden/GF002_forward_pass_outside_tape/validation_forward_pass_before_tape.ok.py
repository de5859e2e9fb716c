"""Near-miss of GF002: a validation forward pass before the tape is only logged; the differentiated loss uses a fresh forward pass inside the tape."""
import tensorflow as tf

tf.random.set_seed(0)

x_train, x_val = tf.random.normal((64, 1)), tf.random.normal((16, 1))
y_train, y_val = 3.0 * x_train + 2.0, 3.0 * x_val + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

val_losses = []
for step in range(40):
    val_pred = model(x_val, training=False)  # monitoring only
    val_losses.append(float(tf.reduce_mean(tf.square(y_val - val_pred))))
    with tf.GradientTape() as tape:
        pred = model(x_train, training=True)
        loss = tf.reduce_mean(tf.square(y_train - pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert val_losses[-1] < 0.01 * val_losses[0], f"validation loss did not go down: {val_losses[0]:.3f} -> {val_losses[-1]:.3f}"
