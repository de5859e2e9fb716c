"""Near-miss of GF012: federated-style rounds give each client a fresh plain SGD (no momentum, nothing to carry over) for its local epoch, run by a helper, from the weights the round started with."""
import tensorflow as tf

tf.random.set_seed(0)


def local_epoch(model, optimizer, batches):
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))


x = tf.random.normal((120, 2))
y = x @ tf.constant([[1.0], [3.0]])
clients = [tf.data.Dataset.from_tensor_slices((x[i::3], y[i::3])).batch(10) for i in range(3)]
model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
for round_number in range(10):
    start = model.get_weights()
    updates = []
    for batches in clients:
        model.set_weights(start)
        client_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        local_epoch(model, client_optimizer, batches)
        updates.append(model.get_weights())
    model.set_weights([sum(ws) / len(ws) for ws in zip(*updates)])
final = float(tf.reduce_mean(tf.square(model(x) - y)))
assert final < 0.01, f"federated averaging did not fit: {final:.4f}"
