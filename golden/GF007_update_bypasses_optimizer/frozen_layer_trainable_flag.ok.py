"""Near-miss of GF007: assigning `layer.trainable = False` is a settable flag, not an update of trainable_variables; the optimizer trains the head."""
from tensorflow import keras
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 4))
y = tf.reduce_sum(x, axis=1, keepdims=True)

encoder = keras.layers.Dense(8, activation="tanh")
head = keras.layers.Dense(1)
model = keras.Sequential([keras.Input((4,)), encoder, head])
encoder.trainable = False  # pretend the encoder is pretrained: keep it fixed
frozen_kernel = tf.identity(encoder.kernel)
optimizer = keras.optimizers.Adam(learning_rate=0.05)

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert len(model.trainable_variables) == 2, "only the head should be trainable"
assert bool(tf.reduce_all(encoder.kernel == frozen_kernel)), "the frozen encoder changed"
assert float(loss) < 0.5 * float(tf.reduce_mean(tf.square(y))), f"the head did not learn: loss {float(loss):.3f}"
