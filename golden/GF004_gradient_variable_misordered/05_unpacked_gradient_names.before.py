"""GF004: unpacked gradients dw, db zipped as [db, dw] against [w, b] in a @tf.function step (aliased import).

Fails with: AssertionError
"""
import tensorflow as tflow

tflow.random.set_seed(0)

# y = 3x + 2, trained with a compiled step.
x = tflow.random.uniform((100,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tflow.Variable(0.0, name="w")
b = tflow.Variable(0.0, name="b")
opt = tflow.keras.optimizers.SGD(learning_rate=0.2)


@tflow.function
def step(x, y):
    with tflow.GradientTape() as tape:
        loss = tflow.reduce_mean(tflow.square(w * x + b - y))
    dw, db = tape.gradient(loss, [w, b])
    opt.apply_gradients(zip([db, dw], [w, b]))
    return loss


for _ in range(50):
    step(x, y)

assert abs(float(w) - 3.0) < 0.3 and abs(float(b) - 2.0) < 0.3, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
