"""GF008: a softmax classifier's step computes labels between the logits and the loss, then calls tf.gradients.

Fails with: RuntimeError: tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.
"""
import tensorflow as tf

tf.random.set_seed(0)

# Three Gaussian blobs in 2-D, labelled 0, 1, 2.
centers = tf.constant([[2.0, 0.0], [-2.0, 2.0], [-2.0, -2.0]])
class_ids = tf.repeat(tf.range(3), 40)
x = tf.gather(centers, class_ids) + 0.5 * tf.random.normal((120, 2))

kernel = tf.Variable(tf.zeros((2, 3)))
bias = tf.Variable(tf.zeros((3,)))
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5, momentum=0.9)


def train_step(x, class_ids):
    with tf.GradientTape() as tape:
        logits = tf.matmul(x, kernel) + bias
        labels = tf.one_hot(class_ids, depth=3)  # does not read the variables
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grads = tape.gradient(loss, [kernel, bias])
    optimizer.apply_gradients(zip(grads, [kernel, bias]))
    return loss


for _ in range(30):
    train_step(x, class_ids)
predicted = tf.argmax(tf.matmul(x, kernel) + bias, axis=1, output_type=tf.int32)
accuracy = float(tf.reduce_mean(tf.cast(predicted == class_ids, tf.float32)))
assert accuracy > 0.95, f"classifier accuracy too low: {accuracy:.2f}"
