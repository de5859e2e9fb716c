"""GF016: the trainer receives one optimizer from its caller and uses it for both the critic and the generator.

Fails with: ValueError: Unknown variable
"""
import tensorflow as tf

tf.random.set_seed(3)


class PairTrainer:
    def __init__(self, generator, critic, optimizer):
        self.generator = generator
        self.critic = critic
        self.optimizer = optimizer
        self.generator_optimizer = type(optimizer).from_config(optimizer.get_config())

    def step(self, real):
        noise = tf.random.normal((tf.shape(real)[0], 2))
        with tf.GradientTape() as tape:
            fake = self.generator(noise)
            critic_loss = tf.reduce_mean(self.critic(fake)) - tf.reduce_mean(self.critic(real))
        critic_grads = tape.gradient(critic_loss, self.critic.trainable_variables)
        self.optimizer.apply_gradients(zip(critic_grads, self.critic.trainable_variables))
        with tf.GradientTape() as tape:
            gen_loss = -tf.reduce_mean(self.critic(self.generator(noise)))
        gen_grads = tape.gradient(gen_loss, self.generator.trainable_variables)
        self.generator_optimizer.apply_gradients(zip(gen_grads, self.generator.trainable_variables))
        return float(critic_loss), float(gen_loss)


generator = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(2)])
critic = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
trainer = PairTrainer(generator, critic, tf.keras.optimizers.Adam(1e-3))
real = tf.random.normal((32, 2)) + 3.0
start = [tf.identity(v) for v in generator.trainable_variables]
for _ in range(5):
    trainer.step(real)
moved = sum(float(tf.reduce_sum(tf.abs(a - b))) for a, b in zip(start, generator.trainable_variables))
assert moved > 0.0, "the generator never trained"
