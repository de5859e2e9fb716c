"""Near-miss of GF002: after the tape closes, the target is picked out of what the tape recorded by `getattr(outputs, field)` or `terms.get("total")`; picking computes nothing, so the tape has recorded the target already."""
import collections

import tensorflow as tf

tf.random.set_seed(0)

Outputs = collections.namedtuple("Outputs", ["total", "penalty"])

model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.1)
x = tf.random.normal((32, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)


def train_step(field):
    with tf.GradientTape(persistent=True) as tape:
        error = tf.reduce_mean(tf.square(model(x) - y))
        penalty = 1e-4 * tf.add_n([tf.reduce_sum(tf.square(v)) for v in model.trainable_variables])
        outputs = Outputs(total=error + penalty, penalty=penalty)
        terms = {"total": error + penalty}
    target = getattr(outputs, field)
    same = terms.get("total")
    grads = tape.gradient(target, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    assert all(g is not None for g in tape.gradient(same, model.trainable_variables))
    del tape
    return float(target)


losses = [train_step("total") for _ in range(40)]
assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
