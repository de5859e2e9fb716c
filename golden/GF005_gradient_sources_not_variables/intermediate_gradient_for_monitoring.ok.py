"""Near-miss of GF005: a persistent tape also differentiates w.r.t. the `logits` tensor to monitor it; only the variable grads are applied."""
import tensorflow as tf

tf.random.set_seed(0)

x = tf.random.normal((128, 2))
y = tf.cast(x[:, 0] + x[:, 1] > 0.0, tf.float32)[:, None]

model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1, kernel_initializer="zeros")])
optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)

logit_grad_norms = []
for step in range(30):
    with tf.GradientTape(persistent=True) as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    # dL/dlogits = (sigmoid(logits) - y) / N: shrinks as the classifier gets confident
    logit_grad_norms.append(float(tf.norm(tape.gradient(loss, logits))))
    grads = tape.gradient(loss, model.trainable_variables)
    del tape
    optimizer.apply_gradients(zip(grads, model.trainable_variables))

assert logit_grad_norms[-1] < 0.5 * logit_grad_norms[0], f"dL/dlogits did not shrink: {logit_grad_norms[0]:.4f} -> {logit_grad_norms[-1]:.4f}"
