"""Near-miss of GF007: gradients are summed into buffer variables over micro-batches, and the optimizer applies the buffers."""
import tensorflow as tf

tf.random.set_seed(1)


class Accumulator:
    def __init__(self, net, learning_rate, micro_batches):
        self.net = net
        self.micro_batches = micro_batches
        self.optimizer = tf.keras.optimizers.Adam(learning_rate)
        self.buffers = [tf.Variable(tf.zeros_like(w), trainable=False) for w in net.trainable_variables]

    def step(self, features, targets):
        for part_x, part_y in zip(tf.split(features, self.micro_batches), tf.split(targets, self.micro_batches)):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(self.net(part_x) - part_y)) / self.micro_batches
            grads = tape.gradient(loss, self.net.trainable_variables)
            for buffer, g in zip(self.buffers, grads):
                buffer.assign_add(g)
        self.flush()

    def flush(self):
        self.optimizer.apply_gradients(zip(self.buffers, self.net.trainable_variables))
        for buffer in self.buffers:
            buffer.assign(tf.zeros_like(buffer))


x = tf.random.uniform((64, 2), -1.0, 1.0)
y = tf.reduce_sum(x * [[1.5, -2.0]], axis=1, keepdims=True) + 0.5
net = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
trainer = Accumulator(net, 0.05, micro_batches=4)
for _ in range(200):
    trainer.step(x, y)
final = float(tf.reduce_mean(tf.square(net(x) - y)))
assert final < 0.01 and int(trainer.optimizer.iterations) == 200, f"training failed: loss {final:.4f}"
