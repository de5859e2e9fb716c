"""Near-miss of GF010 (non-persistent tape, nothing lost: recording stops at the call): `import tensorflow as tflow`; raw variables, gradient and a compound logging statement inside the tape block."""
import tensorflow as tflow

tflow.random.set_seed(0)

x = tflow.random.uniform((100,), -1.0, 1.0)
y = 3.0 * x + 2.0

w = tflow.Variable(0.0)
b = tflow.Variable(0.0)
opt = tflow.keras.optimizers.SGD(learning_rate=0.2)

history = []
for step in range(50):
    with tflow.GradientTape() as tape:
        pred = w * x + b
        loss = tflow.reduce_mean(tflow.square(pred - y))
        dw, db = tape.gradient(loss, [w, b])
        opt.apply_gradients(zip([dw, db], [w, b]))
        if step % 10 == 0:
            # Log every tenth step.
            history.append(loss)

assert float(history[-1]) < 0.1 * float(history[0]), f"loss did not go down: {[round(float(h), 4) for h in history]}"
assert abs(float(w) - 3.0) < 0.3 and abs(float(b) - 2.0) < 0.3, f"did not fit y = 3x + 2: w={float(w):.3f}, b={float(b):.3f}"
