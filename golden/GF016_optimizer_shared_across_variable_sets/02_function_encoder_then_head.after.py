"""GF016: a pretrain-then-finetune function applies the same optimizer to the encoder's variables and later to the head's.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tf

tf.random.set_seed(0)


def pretrain_then_finetune(encoder, head, x, aux, y, steps=40):
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    head_optimizer = tf.keras.optimizers.Adam(learning_rate=0.1)
    # Stage 1: pretrain the encoder on the auxiliary targets.
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(encoder(x, training=True) - aux))
        grads = tape.gradient(loss, encoder.trainable_variables)
        optimizer.apply_gradients(zip(grads, encoder.trainable_variables))
    # Stage 2: keep the encoder fixed and fit the head on its features.
    head_losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(head(encoder(x, training=False)) - y))
        grads = tape.gradient(loss, head.trainable_variables)
        head_optimizer.apply_gradients(zip(grads, head.trainable_variables))
        head_losses.append(float(loss))
    return head_losses


x = tf.random.normal((128, 4))
aux = tf.matmul(x, tf.random.normal((4, 2)))
y = tf.reduce_sum(aux, axis=1, keepdims=True)
encoder = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(2)])
head = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
head_losses = pretrain_then_finetune(encoder, head, x, aux, y)

assert head_losses[-1] < 0.1 * head_losses[0], f"head did not learn: {head_losses[0]:.3f} -> {head_losses[-1]:.3f}"
