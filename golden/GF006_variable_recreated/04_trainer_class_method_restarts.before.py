"""GF006: trainer method re-binds its local weight to a new tf.Variable on every random restart while self.optimizer is kept.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)


class RestartTrainer:
    def __init__(self, learning_rate=0.1):
        self.optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.5)

    def fit(self, x, y, restarts=3, steps=25):
        """Train from several random starting points; return each restart's final loss."""
        final_losses = []
        w = tf.Variable(tf.random.normal((2, 1)))
        for restart in range(restarts):
            for _ in range(steps):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
                grads = tape.gradient(loss, [w])
                self.optimizer.apply_gradients(zip(grads, [w]))
            final_losses.append(float(loss))
            # Random restart: draw a new starting point.
            w = tf.Variable(tf.random.normal((2, 1)))
        return final_losses


x = tf.random.normal((64, 2))
y = tf.matmul(x, tf.constant([[1.5], [-0.5]]))
final_losses = RestartTrainer().fit(x, y)

assert max(final_losses) < 1e-3, f"not every restart converged: final losses {final_losses}"
