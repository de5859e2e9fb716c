"""Near-miss of GF014: the tensor source is created inside the tape block and watched right after, before it is used."""
import tensorflow as tf

tf.random.set_seed(0)


def newton_sqrt(value, steps=6):
    """Solve r**2 = value with Newton steps; the tape supplies the derivative."""
    guess = value
    for _ in range(steps):
        with tf.GradientTape() as tape:
            r = tf.constant(guess)
            tape.watch(r)
            f = r * r - value
        slope = tape.gradient(f, r)
        guess = float(r - f / slope)
    return guess


roots = [newton_sqrt(v) for v in (2.0, 9.0, 10.0)]
assert all(abs(r * r - v) < 1e-4 for r, v in zip(roots, (2.0, 9.0, 10.0))), f"Newton's method failed: {roots}"
