"""Near-miss for GF005: the subclassed model is called once on a batch (which makes its weights) before its variables are collected, and another model is handed a pretrained backbone, whose weights exist at once."""
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)


class Regressor(keras.Model):
    def __init__(self, hidden=16):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


class Head(keras.Model):
    def __init__(self, backbone):
        super().__init__()
        self.backbone = backbone
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.backbone(inputs))


x = tf.random.normal((128, 3))
y = tf.reduce_sum(tf.square(x), axis=1, keepdims=True)

net = Regressor(32)
net(x[:1])  # makes the layers' weights
weights = net.trainable_variables
optimizer = keras.optimizers.Adam(learning_rate=0.02)

backbone = keras.Sequential([keras.Input((3,)), keras.layers.Dense(8, activation="relu")])
head = Head(backbone)
backbone_weights = head.trainable_variables  # the backbone's kernel and bias, already made
assert len(backbone_weights) == 2

first = None
for step in range(200):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(x) - y))
    grads = tape.gradient(loss, weights)
    optimizer.apply_gradients(zip(grads, weights))
    first = float(loss) if first is None else first

with tf.GradientTape() as tape:
    probe = tf.reduce_mean(head(x))
probe_grads = tape.gradient(probe, backbone_weights)
assert all(g is not None for g in probe_grads)
assert float(loss) < 0.3 * first, f"loss did not go down: {first:.4f} -> {float(loss):.4f}"
