"""Near-miss for GF002: a captioning-style step resets the recurrent decoder's state (`decoder.reset_state(batch_size=...)`) before the tape; that is zeros, not a forward pass."""
import tensorflow as tf

tf.random.set_seed(0)

vocab, units, steps = 12, 16, 5
targets = tf.random.uniform((32, steps), 1, vocab, dtype=tf.int32)
features = tf.one_hot(targets[:, 0], vocab)


class Decoder(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.units = units
        self.embed = tf.keras.layers.Embedding(vocab, 8)
        self.cell = tf.keras.layers.GRUCell(units)
        self.out = tf.keras.layers.Dense(vocab)

    def call(self, token, context, hidden):
        inputs = tf.concat([self.embed(token), context], axis=-1)
        output, [hidden] = self.cell(inputs, [hidden])
        return self.out(output), hidden

    def reset_state(self, batch_size):
        return tf.zeros((batch_size, self.units))


decoder = Decoder()
optimizer = tf.keras.optimizers.Adam(learning_rate=0.02)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function
def train_step(context, target):
    loss = 0.0
    hidden = decoder.reset_state(batch_size=target.shape[0])
    with tf.GradientTape() as tape:
        for i in range(1, target.shape[1]):
            logits, hidden = decoder(target[:, i - 1], context, hidden)
            loss += loss_fn(target[:, i], logits)
    grads = tape.gradient(loss, decoder.trainable_variables)
    optimizer.apply_gradients(zip(grads, decoder.trainable_variables))
    return loss


first = float(train_step(features, targets))
for _ in range(60):
    last = float(train_step(features, targets))
assert last < 0.5 * first, f"loss did not go down: {first:.4f} -> {last:.4f}"
