"""GF011: one tape records the losses of an ensemble, then a helper is asked for each member's gradients in a loop; the second member's call fails.

Fails with: RuntimeError: A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
"""
import tensorflow as tf

tf.random.set_seed(0)
members = [tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)]) for _ in range(3)]
optimizers = [tf.keras.optimizers.SGD(learning_rate=0.1) for _ in members]


def member_gradients(tape, loss, member):
    return tape.gradient(loss, member.trainable_variables)


x = tf.random.normal((64, 2))
y = x @ tf.constant([[1.0], [2.0]])
for step in range(60):
    with tf.GradientTape(persistent=True) as tape:
        losses = [tf.reduce_mean(tf.square(member(x) - y)) for member in members]
    for member, loss, optimizer in zip(members, losses, optimizers):
        grads = member_gradients(tape, loss, member)
        optimizer.apply_gradients(zip(grads, member.trainable_variables))
    del tape
assert max(float(loss) for loss in losses) < 0.01, f"some member did not fit: {[float(loss) for loss in losses]}"
