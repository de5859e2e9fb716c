"""Exemptions made for real code (a TD target, a DQN target built in NumPy, MAML's clone,
a PINN's recorded derivatives, plain SGD, a model renamed in a loop, traced helpers) must
not swallow the bugs next to them. Each case was reported before the exemption came in,
and must still be."""

from __future__ import annotations

import textwrap

import pytest

from codemods import check

CASES = {
    # a loss rebound to its own NumPy mean
    'gf013_g': ('GF013', '''
import numpy as np
import tensorflow as tf

def train_step(model, opt, x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.keras.losses.sparse_categorical_crossentropy(y, logits)
        loss = np.mean(loss)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # a helper that rebinds its parameter to .numpy()
    'gf013_d': ('GF013', '''
import numpy as np
import tensorflow as tf

def weighted_loss(y_true, y_pred):
    y_pred = y_pred.numpy()
    y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)
    return tf.reduce_mean(-y_true * tf.math.log(y_pred))

def train_step(model, opt, x, y):
    with tf.GradientTape() as tape:
        pred = model(x)
        loss = weighted_loss(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # NumPy between a model's encoder and its head
    'gf013_b': ('GF013', '''
import numpy as np
import tensorflow as tf

def train_step(model, opt, x, extra, y):
    with tf.GradientTape() as tape:
        feats = model.encoder(x)
        joined = np.concatenate([feats, extra], axis=1)
        logits = model.head(joined)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # Q-values before the tape, the in-tape pass only under stop_gradient
    'gf002_a': ('GF002', '''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
opt = tf.keras.optimizers.Adam()
def train_step(states, actions, rewards, next_states):
    q_values = model(states)
    with tf.GradientTape() as tape:
        next_q = model(next_states)
        target = rewards + 0.99 * tf.reduce_max(next_q, axis=1)
        q = tf.reduce_sum(q_values * tf.one_hot(actions, 4), axis=1)
        loss = tf.reduce_mean(tf.square(tf.stop_gradient(target) - q))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # gradients of the online network applied to its target-network clone
    'gf005_a': ('GF005', '''
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
target_model = tf.keras.models.clone_model(model)
optimizer = tf.keras.optimizers.Adam(1e-3)


def train_step(states, actions, rewards, next_states):
    next_q = target_model(next_states)
    targets = rewards + 0.99 * tf.reduce_max(next_q, axis=1)
    with tf.GradientTape() as tape:
        q = tf.reduce_sum(model(states) * tf.one_hot(actions, 4), axis=1)
        loss = tf.reduce_mean(tf.square(targets - q))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, target_model.trainable_variables))
'''),
    # plain SGD rebuilt each step with a learning-rate schedule
    'gf012_d': ('GF012', '''
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
lr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1000, decay_rate=0.5)

def train(ds):
    for x, y in ds:
        optimizer = tf.keras.optimizers.SGD(lr)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # plain SGD built in a loop of a tf.function
    'gf012_g': ('GF012', '''
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])


@tf.function
def train(ds):
    for x, y in ds:
        optimizer = tf.keras.optimizers.SGD(0.01)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # an optimizer per call for a model fetched, not made
    'gf012_b': ('GF012', '''
import tensorflow as tf

class Trainer:
    def __init__(self, models):
        self.models = models

    def train_step(self, name, x, y):
        net = self.models.get(name)
        optimizer = tf.keras.optimizers.Adam(1e-3)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(net(x) - y))
        grads = tape.gradient(loss, net.trainable_variables)
        optimizer.apply_gradients(zip(grads, net.trainable_variables))
        return loss
'''),
    # a model rebuilt by a method the loop calls, read through self
    'gf016_a': ('GF016', '''
import tensorflow as tf

def make_model():
    return tf.keras.Sequential([tf.keras.layers.Dense(1)])

class Trainer:
    def build(self):
        self.model = make_model()

    def run(self, ds):
        optimizer = tf.keras.optimizers.Adam(1e-3)
        for fold in range(5):
            self.build()
            model = self.model
            for x, y in ds:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(model(x) - y))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # tf.gradients in an eager class's method named like a traced one
    'gf008_a': ('GF008', '''
import tensorflow as tf


class GraphAgent:
    def __init__(self):
        self.w = tf.Variable(1.0)

    @tf.function
    def train(self, x):
        return self.update(x)

    def update(self, x):
        with tf.GradientTape() as tape:
            loss = self.w * x
        return tape.gradient(loss, self.w)


class EagerAgent:
    def __init__(self):
        self.w = tf.Variable(1.0)

    def train(self, x):
        return self.update(x)

    def update(self, x):
        loss = self.w * x
        return tf.gradients(loss, [self.w])
'''),
    # tf.gradients in a function tf.py_function runs eagerly
    'gf008_b': ('GF008', '''
import tensorflow as tf

w = tf.Variable(1.0)


def eager_grad(x):
    loss = w * x
    return tf.gradients(loss, [w])[0]


@tf.function
def train(x):
    return tf.py_function(func=eager_grad, inp=[x], Tout=tf.float32)
'''),
    # the parameter gradient inside a persistent higher-order block
    'gf010_a': ('GF010', '''
import tensorflow as tf

def train_step(model, opt, x):
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        u = model(x)
        u_x = tape.gradient(u, x)
        u_xx = tape.gradient(u_x, x)
        loss = tf.reduce_mean(tf.square(u_xx - u))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
    del tape
'''),
    # compile(optimizer=opt  # comment) in a loop rebuilding the model
    'gf016_e': ('GF016', '''
import tensorflow as tf


def build_model():
    return tf.keras.Sequential([tf.keras.layers.Dense(1)])


optimizer = tf.keras.optimizers.Adam(1e-3)
for x, y in []:
    model = build_model()
    model.compile(
        loss="mse",
        optimizer=optimizer  # shared on purpose?
    )
    model.fit(x, y, epochs=3)
'''),
    # a forward pass before the tape, its name reused for metrics after it
    'a1': ('GF002', '''
import tensorflow as tf
model = tf.keras.Sequential()
opt = tf.keras.optimizers.Adam()
acc = tf.keras.metrics.Accuracy()
def step(x, y):
    preds = model(x, training=True)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(y - preds))
    preds = tf.argmax(preds, axis=-1)
    acc.update_state(y, preds)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
'''),
    # a tape used twice inside a try around the whole step
    'b1': ('GF011', '''
import tensorflow as tf
gen = tf.keras.Sequential()
disc = tf.keras.Sequential()
g_opt = tf.keras.optimizers.Adam()
d_opt = tf.keras.optimizers.Adam()
def train(ds):
    for real, z in ds:
        try:
            with tf.GradientTape() as tape:
                fake = gen(z, training=True)
                g_loss = -tf.reduce_mean(disc(fake))
                d_loss = tf.reduce_mean(disc(fake)) - tf.reduce_mean(disc(real))
            g_grads = tape.gradient(g_loss, gen.trainable_variables)
            d_grads = tape.gradient(d_loss, disc.trainable_variables)
            g_opt.apply_gradients(zip(g_grads, gen.trainable_variables))
            d_opt.apply_gradients(zip(d_grads, disc.trainable_variables))
        except Exception as e:
            print("step failed", e)
'''),
    # a helper defined in the tape that rebinds the name inside itself
    'a3': ('GF002', '''
import tensorflow as tf
model = tf.keras.Sequential()
def step(x, y, temperature):
    logits = model(x, training=True)
    with tf.GradientTape() as tape:
        def scaled(t):
            logits = t / temperature
            return logits
        loss = tf.reduce_mean(scaled(logits))
    return tape.gradient(loss, model.trainable_variables)
'''),
    # compile(optimizer=(opt)) in a loop rebuilding the model
    'i1': ('GF016', '''
import tensorflow as tf
def build_model():
    return tf.keras.Sequential([tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.Adam(1e-3)
for fold in range(5):
    model = build_model()
    model.compile(loss="mse", optimizer=(opt))
    model.fit([], [], epochs=3)
'''),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_bug_next_to_an_exemption_is_still_reported(name: str) -> None:
    code, source = CASES[name]
    assert code in {f.code for f in check(textwrap.dedent(source))}


# Real-code shapes the same exemptions are for: nothing to report.
QUIET = {
    # first-order MAML at the top level of a script: gradients of the clone applied to the model
    'g1': '''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
meta_opt = tf.keras.optimizers.Adam(1e-3)
tasks = []
for x, y in tasks:
    fast = tf.keras.models.clone_model(model)
    fast.set_weights(model.get_weights())
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(fast(x) - y))
    grads = tape.gradient(loss, fast.trainable_variables)
    meta_opt.apply_gradients(zip(grads, model.trainable_variables))
''',
    # Reptile with self.fast copied from self.model
    'g2': '''
import tensorflow as tf
class Reptile:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        self.fast = tf.keras.models.clone_model(self.model)
        self.meta_opt = tf.keras.optimizers.Adam(1e-3)
    def outer_step(self, x, y):
        self.fast.set_weights(self.model.get_weights())
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.fast(x) - y))
        grads = tape.gradient(loss, self.fast.trainable_variables)
        self.meta_opt.apply_gradients(zip(grads, self.model.trainable_variables))
''',
    # tf.gradients in a base-class method a traced subclass method calls
    'f1': '''
import tensorflow as tf
class BaseAgent:
    def __init__(self):
        self.w = tf.Variable(1.0)
    def update(self, x):
        loss = self.w * x
        return tf.gradients(loss, [self.w])
class Agent(BaseAgent):
    @tf.function
    def train(self, x):
        return self.update(x)
''',
    # tf.gradients in a subclass method a traced base-class method calls
    'f2': '''
import tensorflow as tf
class Base(tf.Module):
    @tf.function
    def train(self, x):
        return self.update(x)
class Linear(Base):
    def __init__(self):
        self.w = tf.Variable(1.0)
    def update(self, x):
        loss = self.w * x
        return tf.gradients(loss, [self.w])
''',
    # tf.gradients reached from a method handed to tf.function
    'f3': '''
import tensorflow as tf
class Agent:
    def __init__(self):
        self.w = tf.Variable(1.0)
        self.train = tf.function(self._train)
    def _train(self, x):
        return self._grads(x)
    def _grads(self, x):
        loss = self.w * x
        return tf.gradients(loss, [self.w])
''',
    # model = self.model in an epoch loop that never rebuilds it
    'h1': '''
import tensorflow as tf
class Trainer:
    def __init__(self):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    def fit(self, ds, epochs):
        optimizer = tf.keras.optimizers.Adam(1e-3)
        for epoch in range(epochs):
            model = self.model
            for x, y in ds:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(model(x) - y))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
''',
    # plain SGD per step with a rate from a config dict
    'd1': '''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
config = {"lr": 0.01}
def train(ds):
    for x, y in ds:
        optimizer = tf.keras.optimizers.SGD(learning_rate=config["lr"])
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
''',
    # plain SGD per step with a rate parameter named actor_lr
    'd2': '''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
def train(ds, actor_lr):
    for x, y in ds:
        optimizer = tf.keras.optimizers.SGD(actor_lr)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(x) - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
''',
    # plain SGD per step in a sweep over rates
    'd3': '''
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
def train(ds):
    for lr in [0.1, 0.01]:
        for x, y in ds:
            optimizer = tf.keras.optimizers.SGD(lr)
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(model(x) - y))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
''',
    # a variable's second derivative on one persistent tape
    'b2': '''
import tensorflow as tf
x = tf.Variable(3.0)
with tf.GradientTape(persistent=True) as tape:
    y = x * x
    dy_dx = tape.gradient(y, x)
    d2y_dx2 = tape.gradient(dy_dx, x)
del tape
''',
    # a DQN target network's values taken into NumPy, the online network in TensorFlow
    'c2': '''
import numpy as np
import tensorflow as tf
def train_step(agent, opt, s, a, r, s2):
    with tf.GradientTape() as tape:
        q = agent.online(s)
        next_q = agent.target(s2).numpy()
        y = r + 0.99 * np.max(next_q, axis=1)
        q_a = tf.reduce_sum(q * tf.one_hot(a, 4), axis=1)
        loss = tf.reduce_mean(tf.square(y - q_a))
    grads = tape.gradient(loss, agent.trainable_variables)
    opt.apply_gradients(zip(grads, agent.trainable_variables))
''',
}


@pytest.mark.parametrize("name", sorted(QUIET))
def test_the_shape_an_exemption_is_for_stays_quiet(name: str) -> None:
    assert check(textwrap.dedent(QUIET[name])) == []


def test_two_tapes_blaming_the_same_first_statement_each_report_their_own() -> None:
    # The second tape also reads a forward pass of its own (`feats`): two findings.
    source = """
        import tensorflow as tf
        model = tf.keras.Sequential()
        def step(x, y):
            logits = model(x, training=True)
            with tf.GradientTape() as t1:
                loss1 = tf.reduce_mean(logits)
            g1 = t1.gradient(loss1, model.trainable_variables)
            feats = model(y)
            with tf.GradientTape() as t2:
                loss2 = tf.reduce_mean(logits) + tf.reduce_mean(feats)
            g2 = t2.gradient(loss2, model.trainable_variables)
            return g1, g2
    """
    messages = [f.message for f in check(textwrap.dedent(source)) if f.code == "GF002"]
    assert len(messages) == 2 and "`feats`" in messages[1]
