"""Functions imported from other files of the checked tree (`codemods.analysis.project`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from codemods import check
from codemods.analysis.project import Project

FACTORIES = """
    import numpy as np
    import tensorflow as tf

    def make_optimizer(lr=1e-3):
        return tf.keras.optimizers.Adam(lr)

    def build_model():
        return tf.keras.Sequential([tf.keras.layers.Dense(1)])

    def to_numpy_loss(pred, y):
        return float(np.mean(np.square(pred.numpy() - y)))
"""

TRAIN = """
    import tensorflow as tf
    {imports}

    model = {build}()

    def train_step(x, y):
        optimizer = {make}()
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model.predict(x) - y)) + {loss}(model(x), y)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(path: Path, project: Project | None) -> list[str]:
    return [f.code for f in check(path.read_text(encoding="utf-8"), project=project, path=path)]


def test_functions_imported_from_a_sibling_module_are_followed(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "__init__.py", "")
    factories = write(tmp_path / "pkg" / "factories.py", FACTORIES)
    names = dict(build="build_model", make="make_optimizer", loss="to_numpy_loss")
    relative = write(tmp_path / "pkg" / "train.py", TRAIN.format(imports="from .factories import build_model, make_optimizer, to_numpy_loss", **names))
    absolute = write(tmp_path / "scripts" / "train.py", TRAIN.format(imports="import pkg.factories as f", **{k: f"f.{v}" for k, v in names.items()}))
    project = Project(tmp_path)
    expected = ["GF012", "GF013", "GF013"]  # per-step optimizer; predict of a Keras model; a NumPy helper
    assert sorted(codes(relative, project)) == expected
    assert sorted(codes(absolute, project)) == expected
    assert project.dependencies == {relative: {factories}, absolute: {factories}}
    assert codes(relative, None) == []  # without the project nothing is known of the helpers


def test_files_outside_the_root_or_unparsable_are_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(tmp_path / "factories.py", FACTORIES)  # beside the root, not under it
    write(root / "broken.py", "def make_optimizer(:\n")
    names = dict(build="build_model", make="make_optimizer", loss="to_numpy_loss")
    outside = write(root / "train.py", TRAIN.format(imports="from factories import build_model, make_optimizer, to_numpy_loss", **names))
    broken = write(root / "train2.py", TRAIN.format(imports="from broken import build_model, make_optimizer, to_numpy_loss", **names))
    project = Project(root)
    assert codes(outside, project) == [] and codes(broken, project) == []
    assert project.dependencies == {}


def test_a_name_rebound_after_its_definition_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "factories.py", FACTORIES + "\nmake_optimizer = None\n")
    names = dict(build="build_model", make="make_optimizer", loss="float")
    train = write(tmp_path / "train.py", TRAIN.format(imports="from factories import build_model, make_optimizer", **names))
    assert "GF012" not in codes(train, Project(tmp_path))


def gradfix(cwd: Path, *args: str) -> str:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**__import__("os").environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-m", "codemods", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return done.stdout


def test_command_line_follows_imports_and_the_cache_notices_a_changed_helper(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the project root
    helper = write(tmp_path / "factories.py", FACTORIES)
    # Both terms of the loss leave TensorFlow (a term in TensorFlow would keep the gradient).
    names = dict(build="build_model", make="make_optimizer", loss="to_numpy_loss")
    write(tmp_path / "train.py", TRAIN.format(imports="from factories import build_model, make_optimizer, to_numpy_loss", **names))
    first = gradfix(tmp_path, "check", "train.py", "--output-format", "concise")
    assert "GF012" in first and "GF013" in first
    assert gradfix(tmp_path, "check", "train.py", "--output-format", "concise") == first  # from the cache
    helper.write_text(helper.read_text(encoding="utf-8").replace("tf.keras.optimizers.Adam(lr)", "None"), encoding="utf-8")
    after = gradfix(tmp_path, "check", "train.py", "--output-format", "concise")
    assert "GF012" not in after and "GF013" in after


def test_review_follows_imports_as_check_does(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "factories.py", FACTORIES)
    names = dict(build="build_model", make="make_optimizer", loss="float")
    train = write(tmp_path / "train.py", TRAIN.format(imports="from factories import build_model, make_optimizer", **names))
    before = train.read_text(encoding="utf-8")
    checked = gradfix(tmp_path, "check", "--no-cache", "--unsafe-fixes", "--select", "GF012", "--output-format", "concise", "train.py")
    assert "GF012" in checked
    gradfix(tmp_path, "review", "--yes", "--unsafe-fixes", "--select", "GF012", "train.py")
    after = train.read_text(encoding="utf-8")
    assert after != before and "    optimizer = make_optimizer()" not in after  # hoisted out of the step
    assert gradfix(tmp_path, "check", "--no-cache", "--select", "GF012", "--output-format", "concise", "train.py").strip() == ""
