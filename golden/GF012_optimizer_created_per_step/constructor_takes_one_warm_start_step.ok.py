"""Near-miss of GF012: a constructor builds an optimizer and takes one warm-start step on a copy of the head; it runs once per object, not once per training step."""
import tensorflow as tf

tf.random.set_seed(0)


class PerturbedHead:
    def __init__(self, head: tf.keras.layers.Layer, x: tf.Tensor, y: tf.Tensor):
        optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        self.head = tf.keras.layers.Dense(1, kernel_initializer="zeros")
        self.head.build(x.shape)
        self.head.set_weights(head.get_weights())
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.head(x) - y))
        grads = tape.gradient(loss, self.head.trainable_variables)
        optimizer.apply_gradients(zip(grads, self.head.trainable_variables))
        self.start_loss = float(loss)

    def loss(self, x: tf.Tensor, y: tf.Tensor) -> float:
        return float(tf.reduce_mean(tf.square(self.head(x) - y)))


x = tf.random.normal((16, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
original = tf.keras.layers.Dense(1, kernel_initializer="zeros")
original.build(x.shape)
perturbed = PerturbedHead(original, x, y)
assert perturbed.loss(x, y) < perturbed.start_loss, "the warm-start step should lower the loss"
