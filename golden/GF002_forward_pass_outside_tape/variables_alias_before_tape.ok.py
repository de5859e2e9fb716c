"""Near-miss of GF002: `params = variables` before the tape only names the variables again; the layer is computed from them inside the tape."""
import tensorflow as tf

tf.random.set_seed(0)

optimizer = tf.keras.optimizers.Adam(learning_rate=0.05)


@tf.function
def train_step(variables, x, y):
    params = variables
    with tf.GradientTape() as tape:
        kernel, bias = params
        logits = x @ kernel + bias
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, params)
    optimizer.apply_gradients(zip(grads, params))
    return loss


x = tf.random.normal((200, 2))
y = tf.cast(x[:, :1] - 0.5 * x[:, 1:] > 0.2, tf.float32)
variables = [tf.Variable(tf.zeros((2, 1))), tf.Variable(tf.zeros((1,)))]
losses = [float(train_step(variables, x, y)) for _ in range(200)]
kernel, bias = variables
accuracy = float(tf.reduce_mean(tf.cast((x @ kernel + bias > 0) == (y > 0.5), tf.float32)))
assert losses[-1] < 0.5 * losses[0] and accuracy > 0.95, f"loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {accuracy:.2f}"
