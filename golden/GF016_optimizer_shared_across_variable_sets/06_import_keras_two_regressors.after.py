"""GF016: with `import keras`, one SGD updates two independent regressors in the same batch loop.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import keras
import tensorflow as tf

tf.random.set_seed(0)

# Two regressors trained side by side on the same batches.
x = tf.random.normal((128, 3))
price = tf.matmul(x, tf.constant([[1.0], [0.5], [-1.0]]))
demand = tf.matmul(x, tf.constant([[-2.0], [0.0], [1.0]]))
dataset = tf.data.Dataset.from_tensor_slices((x, price, demand)).batch(32)

price_model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
demand_model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
optimizer = keras.optimizers.SGD(learning_rate=0.1)
demand_model_optimizer = keras.optimizers.SGD(learning_rate=0.1)

for epoch in range(6):
    for xb, price_b, demand_b in dataset:
        with tf.GradientTape() as price_tape:
            price_loss = tf.reduce_mean(tf.square(price_model(xb, training=True) - price_b))
        price_grads = price_tape.gradient(price_loss, price_model.trainable_variables)
        optimizer.apply_gradients(zip(price_grads, price_model.trainable_variables))

        with tf.GradientTape() as demand_tape:
            demand_loss = tf.reduce_mean(tf.square(demand_model(xb, training=True) - demand_b))
        demand_grads = demand_tape.gradient(demand_loss, demand_model.trainable_variables)
        demand_model_optimizer.apply_gradients(zip(demand_grads, demand_model.trainable_variables))

assert float(price_loss) < 0.01 and float(demand_loss) < 0.01, f"regressors did not fit: {float(price_loss):.4f}, {float(demand_loss):.4f}"
