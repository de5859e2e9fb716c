"""The command line: output, exit codes, and files written without losing anything."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from codemods.cli import app

BUGGY = (
    "import tensorflow as tf\n"
    "opt = tf.keras.optimizers.SGD(0.1)\n"
    "w = tf.Variable(1.0)\n"
    "with tf.GradientTape() as tape:\n"
    "    loss = w * w\n"
    "grads = tape.gradient(loss, [w])\n"
    "opt.apply_gradients(grads, [w])  # update\n"
)
FIXED = BUGGY.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(zip(grads, [w]))")


def gradfix(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "clean.py").write_text(FIXED, encoding="utf-8")
    return tmp_path


def test_check_reports_findings_and_a_summary(project: Path) -> None:
    code, out, _ = gradfix("check", project)
    assert code == 1
    assert f"{project / 'train.py'}:7:1: GF001 [*] `apply_gradients` called with two arguments" in out
    assert "Found 1 problem (1 fixable)." in out
    assert (project / "train.py").read_text() == BUGGY


def test_check_clean_exits_zero(project: Path) -> None:
    code, out, _ = gradfix("check", project / "clean.py")
    assert code == 0 and "All checks passed!" in out


def test_json_output_uses_ruffs_field_names(project: Path) -> None:
    code, out, _ = gradfix("check", project, "--output-format", "json")
    assert code == 1
    (finding,) = json.loads(out)
    assert finding["code"] == "GF001"
    assert finding["filename"].endswith("train.py")
    assert finding["location"] == {"row": 7, "column": 1}
    assert finding["end_location"]["row"] == 7
    fix = finding["fix"]
    assert fix["applicability"] == "safe" and fix["message"]
    assert [e["content"] for e in fix["edits"]] == ["zip(", ")"]
    assert set(fix["edits"][0]) == {"content", "location", "end_location"}


def test_select_and_ignore(project: Path) -> None:
    assert gradfix("check", project, "--select", "GF002,GF003")[0] == 0
    assert gradfix("check", project, "--ignore", "GF001")[0] == 0
    assert gradfix("check", project, "--select", "GF001")[0] == 1
    code, _, err = gradfix("check", project, "--select", "XY123")
    assert code == 2 and "unknown rule code XY123" in err


def test_fix_writes_and_then_exits_zero(project: Path) -> None:
    code, out, _ = gradfix("fix", project)
    assert code == 0 and "Fixed 1 problem." in out
    assert (project / "train.py").read_text() == FIXED
    assert gradfix("fix", project)[0] == 0
    assert (project / "train.py").read_text() == FIXED


def test_diff_prints_and_writes_nothing(project: Path) -> None:
    code, out, err = gradfix("fix", "--diff", project)
    assert code == 1
    assert "-opt.apply_gradients(grads, [w])  # update" in out
    assert "+opt.apply_gradients(zip(grads, [w]))  # update" in out
    assert "Would fix 1 problem in 1 file." in err
    assert (project / "train.py").read_text() == BUGGY
    assert gradfix("fix", "--diff", project / "clean.py")[0] == 0


def test_a_file_that_does_not_parse_is_reported_and_the_run_goes_on(project: Path) -> None:
    broken = "import tensorflow as tf\nwith tf.GradientTape() as tape\n    opt.apply_gradients(g)\n"
    (project / "broken.py").write_text(broken)
    code, out, err = gradfix("fix", project)
    assert code == 2
    assert f"{project / 'broken.py'}:2:" in err and "syntax error" in err
    assert (project / "broken.py").read_text() == broken
    assert (project / "train.py").read_text() == FIXED


def test_an_undecodable_file_is_reported_and_left_alone(project: Path) -> None:
    data = b"# -*- coding: utf-8 -*-\nimport tensorflow as tf\nx = '\xff\xfe'\nopt.apply_gradients(g, v)\n"
    (project / "latin.py").write_bytes(data)
    code, _, err = gradfix("fix", project)
    assert code == 2 and "latin.py" in err and "cannot decode" in err
    assert (project / "latin.py").read_bytes() == data


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="bom"),
        pytest.param(lambda text: ("# -*- coding: latin-1 -*-\n# caf\u00e9\n" + text).encode("latin-1"), id="latin-1"),
    ],
)
def test_fix_keeps_encoding_bom_and_line_endings(tmp_path: Path, encode) -> None:
    path = tmp_path / "train.py"
    path.write_bytes(encode(BUGGY))
    assert gradfix("fix", path)[0] == 0
    assert path.read_bytes() == encode(FIXED)


def test_fix_keeps_permissions_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(BUGGY)
    os.chmod(path, 0o750)
    gradfix("fix", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train.py"]


def test_walk_skips_hidden_folders_virtualenvs_caches_and_gitignored(tmp_path: Path) -> None:
    for folder in (".hidden", "venv", "__pycache__", "env_custom", "ignored", "src"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "train.py").write_text(BUGGY)
    (tmp_path / "env_custom" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".gitignore").write_text("ignored/\n")
    code, out, _ = gradfix("check", tmp_path)
    assert code == 1
    assert str(tmp_path / "src" / "train.py") in out
    assert out.count("GF001") == 1


def test_rules_and_rule_documentation() -> None:
    code, out, _ = gradfix("rules")
    assert code == 0 and "GF001" in out and "apply-gradients-not-zipped" in out
    code, out, _ = gradfix("rule", "gf003")
    assert code == 0
    assert "## Why is this bad?" in out and "## Fix safety" in out
    assert gradfix("rule", "GF777")[0] == 2


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    code, _, err = gradfix("check", tmp_path / "nope.py")
    assert code == 2 and "no such file or folder" in err


def test_python_dash_m_runs_the_cli(project: Path) -> None:
    repository = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "codemods", "check", str(project)],
        env={**os.environ, "PYTHONPATH": str(repository)}, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1 and "GF001" in done.stdout


def test_many_files_are_checked_in_worker_processes(tmp_path: Path) -> None:
    from codemods.runner import PARALLEL_THRESHOLD

    for index in range(PARALLEL_THRESHOLD + 1):
        (tmp_path / f"train_{index:03}.py").write_text(BUGGY)
    code, out, _ = gradfix("check", tmp_path)
    assert code == 1
    assert f"Found {PARALLEL_THRESHOLD + 1} problems" in out
    lines = [line for line in out.splitlines() if "GF001" in line]
    assert lines == sorted(lines)  # reported in a stable order


def test_malformed_noqa_directive_is_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(BUGGY.replace("opt.apply_gradients(grads, [w])", "opt.apply_gradients(grads, [w])  # noqa:"), encoding="utf-8")
    code, out, err = gradfix("check", "--no-cache", path)
    line = BUGGY.splitlines().index(next(l for l in BUGGY.splitlines() if "opt.apply_gradients(grads, [w])" in l)) + 1
    assert code == 1 and "GF001" in out  # a malformed directive suppresses nothing
    assert f"warning: {path}:{line}:1: invalid `# noqa` directive, it suppresses nothing: # noqa:" in err
