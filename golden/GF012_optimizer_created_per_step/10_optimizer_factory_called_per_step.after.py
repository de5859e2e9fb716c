"""GF012: the step asks a configuration-driven factory for its optimizer on every call, so Adam's moments restart each step.

Fails with: AssertionError
"""
import tensorflow as tf

tf.random.set_seed(14)

SETTINGS = {"optimizer": "adam", "learning_rate": 0.05}


def build_optimizer(settings):
    if settings["optimizer"] == "adam":
        return tf.keras.optimizers.Adam(settings["learning_rate"])
    return tf.keras.optimizers.SGD(settings["learning_rate"], momentum=0.9)


net = tf.keras.Sequential([tf.keras.Input((1,)), tf.keras.layers.Dense(1)])
counted = []


optimizer = build_optimizer(SETTINGS)


def step(features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(features) - targets))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    counted.append(int(optimizer.iterations))
    return float(loss)


x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0
for _ in range(150):
    last = step(x, y)
assert counted[-1] == 150 and last < 0.01, f"optimizer restarted: {counted[-1]} steps counted, loss {last:.4f}"
