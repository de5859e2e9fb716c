"""GF015: with `import keras`, a classifier's epoch loop over dataset batches calls opt.minimize on each batch loss.

Fails with: AttributeError: 'Adam' object has no attribute 'minimize'
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

# Three Gaussian blobs in 2-D, labelled 0, 1, 2.
centers = tf.constant([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
labels = tf.repeat(tf.range(3), 40)
points = tf.gather(centers, labels) + 0.5 * tf.random.normal((120, 2))
dataset = tf.data.Dataset.from_tensor_slices((points, labels)).shuffle(120, seed=0).batch(40)

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
opt = keras.optimizers.Adam(learning_rate=0.1)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def train_epoch():
    for xb, yb in dataset:
        logits = model(xb, training=True)
        # integer class ids against raw logits
        loss = loss_fn(yb, logits)
        opt.minimize(loss, model.trainable_variables)  # one update per batch


for epoch in range(6):
    train_epoch()
predicted = tf.argmax(model(points), axis=1, output_type=tf.int32)
accuracy = float(tf.reduce_mean(tf.cast(predicted == labels, tf.float32)))
assert accuracy > 0.95, f"classifier accuracy too low: {accuracy:.2f}"
