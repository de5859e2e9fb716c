"""Near-miss of GF010: the persistent outer tape's gradient is taken inside an inner tape's block on purpose, so the inner tape can differentiate it again (Newton steps from the Hessian)."""
import tensorflow as tf

tf.random.set_seed(0)


def newton_step(w, x, y, prior=0.1):
    """One Newton step on an L2-regularised logistic loss; returns the gradient norms of the fit and of the prior."""
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            logits = tf.linalg.matvec(x, w)
            fit = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
            penalty = 0.5 * prior * tf.reduce_sum(tf.square(w))
            grad = outer.gradient(fit + penalty, w)  # recorded by `inner`: the Hessian needs it
    hessian = inner.jacobian(grad, w)
    prior_grad = outer.gradient(penalty, w)
    del outer
    w.assign_sub(tf.linalg.solve(hessian, grad[:, None])[:, 0])
    return float(tf.norm(grad)), float(tf.norm(prior_grad))


x = tf.concat([tf.random.normal((200, 2)), tf.ones((200, 1))], axis=1)
y = tf.cast(tf.linalg.matvec(x, [1.5, -2.0, 0.5]) + 0.5 * tf.random.normal((200,)) > 0, tf.float32)
w = tf.Variable(tf.zeros(3))
norms = [newton_step(w, x, y) for _ in range(6)]
accuracy = float(tf.reduce_mean(tf.cast((tf.linalg.matvec(x, w) > 0) == (y > 0.5), tf.float32)))
assert norms[-1][0] < 1e-5 * norms[0][0] and accuracy > 0.85, f"gradient norm {norms[0][0]:.4f} -> {norms[-1][0]:.2e}, accuracy {accuracy:.2f}"
