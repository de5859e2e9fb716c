"""Near-miss of GF017: a semi-supervised `train_step` takes pseudo-labels with `tf.argmax` and a confidence mask from a comparison; the loss reaches the weights through the layers called on the strong view."""
import tensorflow as tf

tf.random.set_seed(0)


class PseudoLabeler(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.backbone = tf.keras.layers.Dense(16, activation="relu")
        self.classifier = tf.keras.layers.Dense(3)

    def call(self, x, training=False):
        return self.classifier(self.backbone(x))

    def train_step(self, data):
        weak, strong = data
        with tf.GradientTape() as tape:
            weak_logits = self(weak, training=True)
            pseudo = tf.argmax(weak_logits, axis=-1)
            mask = tf.cast(tf.reduce_max(tf.nn.softmax(weak_logits), axis=-1) >= 0.5, tf.float32)
            strong_logits = self.classifier(self.backbone(strong))
            per_example = tf.keras.losses.sparse_categorical_crossentropy(pseudo, strong_logits, from_logits=True)
            loss = tf.reduce_mean(per_example * mask) + 0.1 * tf.reduce_mean(tf.square(weak_logits))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


x = tf.random.normal((128, 4))
model = PseudoLabeler()
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.01))
model(x)
before = [w.numpy().copy() for w in model.trainable_variables]
model.fit(tf.data.Dataset.from_tensor_slices((x, x + 0.01)).batch(32), epochs=2, verbose=0)
moved = sum(float(tf.reduce_sum(tf.abs(w - b))) for w, b in zip(model.trainable_variables, before))
assert moved > 0.0, "the weights should move"
