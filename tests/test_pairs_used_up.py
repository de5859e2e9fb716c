"""GF018 beyond its golden programs: every way of reading a zip up before the update is
reported, and the reads that leave the pairs whole (or run after it) are not."""

from __future__ import annotations

import textwrap

import pytest

from codemods import check, fix

HEAD = """
import tensorflow as tf

def step(model, opt, opt2, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    pairs = zip(grads, model.trainable_variables)
"""

READ_UP = {
    "for loop": "    for g, v in pairs:\n        print(v.name)\n",
    "for over enumerate": "    for i, (g, v) in enumerate(pairs):\n        print(i)\n",
    "list": "    print(len(list(pairs)))\n",
    "sum of a generator": "    total = sum(tf.norm(g) for g, _ in pairs)\n",
    "dict comprehension": "    norms = {v.name: tf.norm(g) for g, v in pairs}\n",
    "starred": "    grads2, variables = zip(*pairs)\n",
    "another update": "    opt2.apply_gradients(pairs)\n",
    "inside an if": "    if loss > 10.0:\n        print([g for g, _ in pairs])\n",
}

LEFT_WHOLE = {
    "a generator never read": "    lazy = (tf.norm(g) for g, _ in pairs)\n",
    "next skips one on purpose": "    next(pairs)\n",
    "in a nested function": "    def log():\n        return [g for g, _ in pairs]\n",
    "in a lambda": "    log = lambda: [g for g, _ in pairs]\n",
    "rebound first": "    pairs = [(tf.clip_by_norm(g, 1.0), v) for g, v in pairs]\n",
}


def _program(middle: str, update: str = "    opt.apply_gradients(pairs)\n") -> str:
    return textwrap.dedent(HEAD) + middle + update


@pytest.mark.parametrize("name", sorted(READ_UP))
def test_pairs_read_up_before_the_update_are_reported_and_listed(name: str) -> None:
    source = _program(READ_UP[name])
    findings = [f for f in check(source) if f.code == "GF018"]
    assert len(findings) == 1, name
    fixed = fix(source).source
    assert "pairs = list(zip(grads, model.trainable_variables))" in fixed
    assert not [f for f in check(fixed) if f.code == "GF018"]


@pytest.mark.parametrize("name", sorted(LEFT_WHOLE))
def test_pairs_left_whole_are_not_reported(name: str) -> None:
    assert not [f for f in check(_program(LEFT_WHOLE[name])) if f.code == "GF018"], name


def test_reads_after_the_update_or_in_the_other_branch_are_not_reported() -> None:
    after = _program("", "    opt.apply_gradients(pairs)\n    for g, v in pairs:\n        print(v.name)\n")
    branches = _program("", "    if loss > 1.0:\n        print(list(pairs))\n    else:\n        opt.apply_gradients(pairs)\n")
    assert not [f for f in check(after) + check(branches) if f.code == "GF018"]


def test_a_file_with_its_own_zip_is_not_reported() -> None:
    source = "def zip(*lists):\n    return [tuple(items) for items in __builtins__.zip(*lists)]\n" + _program(READ_UP["for loop"])
    assert not [f for f in check(source) if f.code == "GF018"]
