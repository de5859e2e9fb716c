"""Near-miss of GF007: the optimizer applies the gradients; the hand-written assign only updates EMA shadow copies that are never trained."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.uniform((64, 1), -1.0, 1.0)
y = 3.0 * x + 2.0

model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.2)
# exponential moving average of the weights, used for evaluation
ema_weights = [tf.Variable(v, trainable=False) for v in model.trainable_variables]
decay = 0.8

for step in range(50):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    for ema, v in zip(ema_weights, model.trainable_variables):
        ema.assign(decay * ema + (1.0 - decay) * v)

ema_w, ema_b = (float(tf.reshape(v, [])) for v in ema_weights)
assert abs(ema_w - 3.0) < 0.2 and abs(ema_b - 2.0) < 0.2, f"EMA weights should be near w=3, b=2, got {ema_w:.3f}, {ema_b:.3f}"
