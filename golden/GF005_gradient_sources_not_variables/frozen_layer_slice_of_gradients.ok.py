"""Near-miss of GF005: gradients for every variable are taken, and only the first layer's slice of them is applied to the same slice of the variables (the head stays frozen)."""
import tensorflow as tf

tf.random.set_seed(7)

model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(3), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.05)
x = tf.random.normal((64, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)
head_before = [v.numpy().copy() for v in model.trainable_variables[2:]]


@tf.function
def train_step(features, labels):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(features) - labels))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads[:2], model.trainable_variables[:2]))
    return loss


first = float(train_step(x, y))
for _ in range(100):
    last = float(train_step(x, y))
assert last < first and all((v.numpy() == h).all() for v, h in zip(model.trainable_variables[2:], head_before)), "only the first layer should train"
