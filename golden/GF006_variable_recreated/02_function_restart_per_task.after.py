"""GF006: fit function re-binds its local kernel to a new tf.Variable at the start of every task.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)


def fit_tasks(tasks, steps=30):
    """Fit a linear map to each task from zero weights; return the learned kernels."""
    kernel = tf.Variable(tf.zeros((2, 1)), name="kernel")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.3)
    kernels = []
    for features, targets in tasks:
        # Every task starts from zero weights.
        kernel.assign(tf.zeros((2, 1)))
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.matmul(features, kernel) - targets))
            grads = tape.gradient(loss, [kernel])
            optimizer.apply_gradients(zip(grads, [kernel]))
        kernels.append(tf.identity(kernel))
    return kernels


features = tf.random.normal((64, 2))
true_kernels = [tf.constant([[1.0], [-2.0]]), tf.constant([[-3.0], [0.5]])]
learned = fit_tasks([(features, tf.matmul(features, k)) for k in true_kernels])

errors = [float(tf.reduce_max(tf.abs(k - t))) for k, t in zip(learned, true_kernels)]
assert max(errors) < 0.1, f"kernels not recovered for every task: max errors {errors}"
