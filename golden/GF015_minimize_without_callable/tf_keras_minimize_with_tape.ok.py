"""Near-miss of GF015: a legacy tf_keras (Keras 2) optimizer's minimize gets a loss tensor together with the tape that recorded it."""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)

x = tf.random.normal((64, 1))
y = 3.0 * x + 2.0
model = tf_keras.Sequential([tf_keras.layers.Dense(1, input_shape=(1,))])
opt = tf_keras.optimizers.SGD(learning_rate=0.1)


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x, training=True) - y))
    opt.minimize(loss, model.trainable_variables, tape=tape)
    return float(loss)


losses = [train_step(x, y) for _ in range(50)]
assert losses[-1] < 0.01 * losses[0], f"loss did not go down: {losses[0]:.4f} -> {losses[-1]:.5f}"
