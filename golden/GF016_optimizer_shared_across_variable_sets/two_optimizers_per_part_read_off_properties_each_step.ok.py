"""Near-miss of GF016: each step reads the embedding and tower variables off the model's properties, takes one gradient and splits it between Adagrad (embeddings) and Adam (towers); the names are bound afresh every iteration, but to the same variables of the same model."""
import tensorflow as tf

tf.random.set_seed(0)


class TwoTower(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.embedding = tf.keras.layers.Embedding(20, 4)
        self.tower = tf.keras.layers.Dense(1)

    @property
    def sparse_variables(self):
        return self.embedding.trainable_variables

    @property
    def dense_variables(self):
        return self.tower.trainable_variables

    def call(self, ids):
        return self.tower(self.embedding(ids))[:, 0]


ids = tf.random.uniform((64,), maxval=20, dtype=tf.int32)
ratings = tf.cast(ids % 5, tf.float32)
model = TwoTower()
model(ids)
sparse_opt = tf.keras.optimizers.Adagrad(0.5)
dense_opt = tf.keras.optimizers.Adam(0.05)

losses = []
for epoch in range(60):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(ids) - ratings))
    sparse_vars, dense_vars = model.sparse_variables, model.dense_variables
    grads = tape.gradient(loss, sparse_vars + dense_vars)
    sparse_opt.apply_gradients(zip(grads[: len(sparse_vars)], sparse_vars))
    dense_opt.apply_gradients(zip(grads[len(sparse_vars) :], dense_vars))
    losses.append(float(loss))

assert losses[-1] < 0.2 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
