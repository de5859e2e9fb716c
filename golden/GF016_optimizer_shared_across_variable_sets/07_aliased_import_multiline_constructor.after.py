"""GF016: `import tensorflow as tflow`; a multi-line Adam(...) is applied to the backbone and then to an auxiliary head.

Fails with: ValueError: This optimizer can only be called for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.
"""
import tensorflow as tflow

tflow.random.set_seed(0)

# The backbone fits the main target; an auxiliary head reads the backbone's output.
x = tflow.random.normal((128, 4))
y_main = tflow.matmul(x, tflow.constant([[1.0], [-1.0], [0.5], [2.0]]))
y_aux = 2.0 * y_main + 1.0

backbone = tflow.keras.Sequential([tflow.keras.Input((4,)), tflow.keras.layers.Dense(1)])
aux_head = tflow.keras.Sequential([tflow.keras.Input((1,)), tflow.keras.layers.Dense(1)])
optimizer = tflow.keras.optimizers.Adam(
    learning_rate=0.1,
    beta_1=0.9,
)
aux_head_optimizer = tflow.keras.optimizers.Adam(
    learning_rate=0.1,
    beta_1=0.9,
)


def train_step():
    with tflow.GradientTape() as main_tape:
        main_loss = tflow.reduce_mean(tflow.square(backbone(x, training=True) - y_main))
    main_grads = main_tape.gradient(main_loss, backbone.trainable_variables)
    optimizer.apply_gradients(zip(main_grads, backbone.trainable_variables))
    # The auxiliary head only trains its own weights.
    with tflow.GradientTape() as aux_tape:
        aux_loss = tflow.reduce_mean(tflow.square(aux_head(backbone(x)) - y_aux))
    aux_grads = aux_tape.gradient(aux_loss, aux_head.trainable_variables)
    aux_head_optimizer.apply_gradients(zip(aux_grads, aux_head.trainable_variables))
    return float(main_loss), float(aux_loss)


losses = [train_step() for _ in range(40)]

assert losses[-1][0] < 0.1 * losses[0][0] and losses[-1][1] < 0.1 * losses[0][1], f"losses did not go down: {losses[0]} -> {losses[-1]}"
