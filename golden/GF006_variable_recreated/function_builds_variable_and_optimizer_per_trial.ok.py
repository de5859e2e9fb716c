"""Near-miss of GF006: a learning-rate sweep calls a function that creates its own tf.Variable and its own optimizer on every call; no name is re-bound."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((100, 1), -1.0, 1.0)
y = 3.0 * x + 2.0


def run_trial(learning_rate, steps=30):
    params = tf.Variable(tf.zeros((2,)), name="params")
    optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(params[0] * x + params[1] - y))
        grads = tape.gradient(loss, [params])
        optimizer.apply_gradients(zip(grads, [params]))
    return float(loss)


# Sweep the learning rate; each trial starts from fresh weights.
results = {lr: run_trial(lr) for lr in (0.01, 0.1, 0.5)}
best_lr = min(results, key=results.get)

assert results[best_lr] < 0.01 and results[0.01] > results[best_lr], f"sweep did not find a good learning rate: {results}"
