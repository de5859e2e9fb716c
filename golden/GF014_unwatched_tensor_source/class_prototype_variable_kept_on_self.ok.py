"""Near-miss of GF014: a prototype synthesizer keeps the input it ascends on `self` as a `tf.Variable` and steps it with `assign_add`; the tape watches variables it reads by itself."""
import tensorflow as tf

tf.random.set_seed(0)

classifier = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(3)])


class PrototypeSynthesizer:
    def __init__(self, model, target_class, steps=30, rate=0.1):
        self.model, self.target_class, self.steps, self.rate = model, target_class, steps, rate
        self.image = tf.Variable(tf.zeros((1, 8)))

    def objective(self, image):
        return self.model(image)[0, self.target_class] - 0.01 * tf.reduce_sum(tf.square(image))

    def ascend(self):
        scores = []
        for step in range(self.steps):
            with tf.GradientTape() as tape:
                score = self.objective(self.image)
            grad = tape.gradient(score, self.image)
            self.image.assign_add(self.rate * grad)
            scores.append(float(score))
        return scores


scores = PrototypeSynthesizer(classifier, target_class=1).ascend()
assert scores[-1] > scores[0] + 0.1, f"the class score did not rise: {scores[0]:.3f} -> {scores[-1]:.3f}"
