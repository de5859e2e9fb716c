"""GF006: reset_weights() declares `global w` and re-binds the trained weight to a new tf.Variable for each fold.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)

# 3-fold cross-validation of a linear model y = x @ [2, -1, 0.5].
x = tf.random.normal((90, 3))
y = tf.matmul(x, tf.constant([[2.0], [-1.0], [0.5]]))

w = tf.Variable(tf.zeros((3, 1)))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)


def reset_weights():
    global w
    w.assign(tf.zeros((3, 1)))


def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) - yb))
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))


val_losses = []
for fold in range(3):
    held_out = tf.range(90) // 30 == fold
    reset_weights()  # every fold trains from scratch
    for _ in range(30):
        train_step(x[~held_out], y[~held_out])
    val_losses.append(float(tf.reduce_mean(tf.square(tf.matmul(x[held_out], w) - y[held_out]))))

assert max(val_losses) < 0.01, f"some fold did not fit: validation losses {val_losses}"
