"""GF010: two players trained from one persistent tape, both gradients taken inside its with-block.

Fails with: nothing
"""
import tensorflow as tf

tf.random.set_seed(0)

# A "predictor" and a "corrector" fit the same target from the same input.
x = tf.random.normal((64, 2))
y = x[:, :1] - 2.0 * x[:, 1:]

predictor = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
corrector = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
predictor_opt = tf.keras.optimizers.SGD(learning_rate=0.1)
corrector_opt = tf.keras.optimizers.SGD(learning_rate=0.1)


def step():
    with tf.GradientTape(persistent=True) as tape:
        p_loss = tf.reduce_mean(tf.square(predictor(x) - y))
        c_loss = tf.reduce_mean(tf.square(corrector(x) - y))
        p_grads = tape.gradient(p_loss, predictor.trainable_variables)
        c_grads = tape.gradient(c_loss, corrector.trainable_variables)
    predictor_opt.apply_gradients(zip(p_grads, predictor.trainable_variables))
    corrector_opt.apply_gradients(zip(c_grads, corrector.trainable_variables))
    del tape
    return float(p_loss + c_loss)


history = [step() for _ in range(60)]
assert history[-1] < 0.05 * history[0], f"loss did not go down: {history[0]:.4f} -> {history[-1]:.4f}"
