"""GF003: a trainer method builds its pairs, takes the gradients back out with a comprehension and clips them, then applies the unclipped pairs.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(5)


class Trainer:
    def __init__(self):
        self.net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
        self.optimizer = tf.keras.optimizers.SGD(1.0)

    def train_step(self, features, targets):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.net(features) - targets))
        grads = tape.gradient(loss, self.net.trainable_variables)
        pairs = list(zip(grads, self.net.trainable_variables))
        raw = [g for g, _ in pairs]
        clipped, norm = tf.clip_by_global_norm(raw, 0.5)
        self.optimizer.apply_gradients(pairs)
        return float(loss)


# targets far away: unclipped steps with learning rate 1.0 blow up, clipped ones converge
x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 40.0 * x + 30.0
trainer = Trainer()
losses = [trainer.train_step(x, y) for _ in range(300)]
assert all(l == l and l < 1e6 for l in losses) and losses[-1] < 1.0, f"training diverged: {losses[-1]:.4g}"
