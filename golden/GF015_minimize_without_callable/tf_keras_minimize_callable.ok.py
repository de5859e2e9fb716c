"""Near-miss of GF015: a legacy tf_keras (Keras 2) optimizer's minimize gets a callable loss, which it evaluates under its own tape."""
import tensorflow as tf
import tf_keras

tf.random.set_seed(0)

x = tf.random.normal((64,))
y = -2.0 * x + 1.0
w = tf.Variable(0.0)
b = tf.Variable(0.0)
opt = tf_keras.optimizers.SGD(learning_rate=0.2)

for step in range(40):
    opt.minimize(lambda: tf.reduce_mean(tf.square(w * x + b - y)), var_list=[w, b])

assert abs(float(w) + 2.0) < 0.05 and abs(float(b) - 1.0) < 0.05, f"did not fit y = -2x + 1: w={float(w):.3f}, b={float(b):.3f}"
