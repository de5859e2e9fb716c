"""Near-miss of GF017: a decoding loop appends each step's cross-entropy to a list and keeps a mask of sequences still alive from `tf.argmax`; the summed losses reach the weights, the mask only scales them."""
import tensorflow as tf

tf.random.set_seed(0)

cell = tf.keras.layers.Dense(5)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
inputs = tf.random.normal((32, 5))
targets = tf.random.uniform((4, 32), 0, 5, dtype=tf.int64)
cell(inputs)


def train_step():
    with tf.GradientTape() as tape:
        state = inputs
        step_losses = []
        alive = tf.ones((32,))
        for t in range(4):
            logits = cell(state)
            step_losses.append(tf.reduce_sum(alive * tf.keras.losses.sparse_categorical_crossentropy(targets[t], logits, from_logits=True)))
            alive = alive * tf.cast(tf.argmax(logits, axis=-1) != 0, tf.float32)
            state = tf.nn.tanh(logits)
        loss = tf.add_n(step_losses) / (tf.reduce_sum(alive) + 1.0)
    grads = tape.gradient(loss, cell.trainable_variables)
    optimizer.apply_gradients(zip(grads, cell.trainable_variables))
    return float(loss)


first = train_step()
for _ in range(50):
    last = train_step()
assert all(g is not None for g in cell.trainable_variables), "every weight takes part"
assert last == last, "the loss stays finite"
