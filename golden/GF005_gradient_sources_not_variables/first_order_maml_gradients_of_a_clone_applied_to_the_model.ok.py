"""Near-miss for GF005: first-order MAML adapts a clone of the model on each task's support set, takes the query loss's gradients with respect to the clone's variables, and applies them to the model's own variables (the clone has the same structure); the inner step applies the model's gradients to a clone made after they were taken."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
rng = np.random.default_rng(0)


def make_model():
    return tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(16, activation="tanh"), tf.keras.layers.Dense(1)])


def sample_task():
    slope = rng.uniform(0.5, 1.5)
    x = rng.uniform(-1.0, 1.0, size=(20, 1)).astype("float32")
    return x[:10], slope * x[:10], x[10:], slope * x[10:]


model = make_model()
meta_optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
mse = tf.keras.losses.MeanSquaredError()


def meta_step():
    x_support, y_support, x_query, y_query = sample_task()
    with tf.GradientTape() as inner_tape:
        support_loss = mse(y_support, model(x_support))
    grads = inner_tape.gradient(support_loss, model.trainable_variables)
    fast = tf.keras.models.clone_model(model)
    fast.set_weights(model.get_weights())
    inner = tf.keras.optimizers.SGD(learning_rate=0.1)
    inner.apply_gradients(zip(grads, fast.trainable_variables))
    with tf.GradientTape() as outer_tape:
        query_loss = mse(y_query, fast(x_query))
    meta_grads = outer_tape.gradient(query_loss, fast.trainable_variables)
    meta_optimizer.apply_gradients(zip(meta_grads, model.trainable_variables))
    return float(query_loss)


losses = [meta_step() for _ in range(200)]
assert np.mean(losses[-20:]) < 0.6 * np.mean(losses[:20]), f"meta-training did not help: {np.mean(losses[:20]):.4f} -> {np.mean(losses[-20:]):.4f}"
