"""GF003: Trainer.train_step clips into `clipped_grads` but self.optimizer applies the raw `grads`.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(0)


class Trainer:
    def __init__(self, model, learning_rate=0.05, clip_norm=1.0):
        self.model = model
        self.clip_norm = clip_norm
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate)

    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        # keep a single bad batch from throwing the weights around
        clipped_grads, global_norm = tf.clip_by_global_norm(grads, self.clip_norm)
        self.optimizer.apply_gradients(zip(clipped_grads, self.model.trainable_variables))
        return loss, global_norm


def flat_weights(model):
    return tf.concat([tf.reshape(v, [-1]) for v in model.trainable_variables], axis=0)


x = tf.random.normal((128, 2))
y = tf.matmul(x, [[1.5], [-2.0]]) + 0.5
model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
trainer = Trainer(model)

largest_step = 0.0
for _ in range(30):
    before = flat_weights(model)
    trainer.train_step(x, y)
    largest_step = max(largest_step, float(tf.norm(flat_weights(model) - before)))

# with clipping, no update may move the weights further than lr * clip_norm = 0.05
assert largest_step <= 0.05 + 1e-5, f"an update moved the weights by {largest_step:.4g} > 0.05"
