"""The README's configuration example is valid and does what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codemods.config import load
from tests.test_cli import BUGGY
from tests.test_migration_cli import gradfix

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_configuration_example_loads_and_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example,) = [block for block in re.findall(r"```toml\n(.*?)```", README, re.DOTALL) if "[tool.gradfix]" in block]
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    settings = load(tmp_path / "pyproject.toml")
    assert settings.select == ("GF0",) and settings.ignore == ("GF013",)
    for folder in ("generated", "tests"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "train.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "model_pb2.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "train.py").write_text(BUGGY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = gradfix("check", ".")
    assert (code, err) == (1, "")
    assert [line.split(":")[0] for line in out.splitlines() if "GF001" in line] == ["train.py", "tests/train.py"]
