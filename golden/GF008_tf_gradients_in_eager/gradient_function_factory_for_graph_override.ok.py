"""Near-miss of GF008: a factory returns a gradient function `(op, grad)` that calls `tf.gradients` on the op's own inputs; TensorFlow runs it while it differentiates a graph (here under `gradient_override_map` in a `tf.function`), where `tf.gradients` works."""
import tensorflow as tf

tf.random.set_seed(0)


def make_smoothed_relu_grad(sharpness=2.0):
    """The gradient of a softplus in place of ReLU's step: dead units still learn."""

    def smoothed_relu_grad(op, grad):
        inp = op.inputs[0]
        scale = tf.cast(sharpness, op.get_attr("T"))
        smooth = tf.nn.softplus(inp * scale) / scale
        return tf.gradients(smooth, [inp], grad)[0]

    return smoothed_relu_grad


tf.RegisterGradient("SmoothedRelu")(make_smoothed_relu_grad(4.0))

w = tf.Variable(tf.random.normal((3, 1)))
optimizer = tf.keras.optimizers.SGD(0.05)
x = tf.random.normal((32, 3))
y = tf.reduce_sum(x, axis=1, keepdims=True)


@tf.function
def train_step(x, y):
    graph = x.graph  # the graph this trace builds
    with graph.gradient_override_map({"Relu": "SmoothedRelu"}):
        with tf.GradientTape() as tape:
            prediction = tf.nn.relu(x @ w) - tf.nn.relu(-(x @ w))
            loss = tf.reduce_mean(tf.square(prediction - y))
    grads = tape.gradient(loss, [w])
    optimizer.apply_gradients(zip(grads, [w]))
    return loss


losses = [float(train_step(x, y)) for _ in range(60)]
assert losses[-1] < 0.5 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
