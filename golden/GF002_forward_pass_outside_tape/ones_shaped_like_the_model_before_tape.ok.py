"""Near-miss of GF002: a tensor of ones shaped from the model (`tf.ones(model.compute_output_shape(...))`) and an index picked by `tf.argmax` of its output are made before the tape; neither carries a gradient, so nothing is lost by computing them there."""
import tensorflow as tf

tf.random.set_seed(0)

model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.SGD(0.1)
x = tf.random.normal((32, 4))
labels = tf.random.uniform((32,), maxval=3, dtype=tf.int32)

losses = []
for step in range(60):
    weights = tf.ones(model.compute_output_shape((32, 4))[:1])
    first_guess = tf.argmax(model.call(x), axis=1)
    with tf.GradientTape() as tape:
        logits = model(x)
        per_example = tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
        loss = tf.reduce_sum(weights * per_example) / tf.reduce_sum(weights)
        loss += 0.0 * tf.cast(tf.reduce_sum(first_guess), tf.float32)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    losses.append(float(loss))

assert first_guess.shape == (32,)
assert losses[-1] < 0.8 * losses[0], f"did not train: {losses[0]:.3f} -> {losses[-1]:.3f}"
