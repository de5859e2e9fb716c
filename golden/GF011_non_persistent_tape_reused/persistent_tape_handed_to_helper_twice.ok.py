"""Near-miss of GF011: a persistent tape is handed to a gradient helper twice (once per model), then deleted."""
import tensorflow as tf

tf.random.set_seed(0)

model_a = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
model_b = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
optimizers = {"a": tf.keras.optimizers.SGD(learning_rate=0.1), "b": tf.keras.optimizers.SGD(learning_rate=0.1)}


def grads_of(tape, loss, model):
    return tape.gradient(loss, model.trainable_variables)


x = tf.random.normal((64, 1))
for step in range(40):
    with tf.GradientTape(persistent=True) as tape:
        loss_a = tf.reduce_mean(tf.square(model_a(x) - (2.0 * x + 1.0)))
        loss_b = tf.reduce_mean(tf.square(model_b(x) - (1.0 - x)))
    grads_a = grads_of(tape, loss_a, model_a)
    grads_b = grads_of(tape, loss_b, model_b)
    del tape
    optimizers["a"].apply_gradients(zip(grads_a, model_a.trainable_variables))
    optimizers["b"].apply_gradients(zip(grads_b, model_b.trainable_variables))

assert float(loss_a) < 0.01 and float(loss_b) < 0.01, f"models did not fit: {float(loss_a):.4f}, {float(loss_b):.4f}"
