"""The pre-commit hooks, run by the real `pre-commit` against a scratch git repository.

`pre-commit try-repo` installs gradfix from this working tree (uncommitted changes
included) into a fresh environment of its own, with the dependencies from the package
index: about half a minute each time, so one run exercises both hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.test_cli import BUGGY, FIXED

REPOSITORY = Path(__file__).resolve().parent.parent


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repository, check=True, capture_output=True)


def test_check_hook_fails_on_findings_and_fix_hook_fixes_the_file(tmp_path: Path) -> None:
    scratch = tmp_path / "project"
    scratch.mkdir()
    git(scratch, "init", "-q")
    (scratch / "train.py").write_text(BUGGY, encoding="utf-8")
    (scratch / "clean.py").write_text(FIXED, encoding="utf-8")
    (scratch / "notes.txt").write_text("opt.apply_gradients(grads, [w])\n", encoding="utf-8")
    git(scratch, "add", "-A")
    git(scratch, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "buggy training step")

    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "PRE_COMMIT_COLOR": "never"}
    done = subprocess.run(
        [executable, "try-repo", str(REPOSITORY), "--files", "train.py", "clean.py", "notes.txt", "--verbose"],
        cwd=scratch, env=environment, capture_output=True, text=True, timeout=600, check=False,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    # Both hooks ran, in order: check reported the finding, fix rewrote the file.
    assert "gradfix check" in log and "gradfix fix" in log, log
    assert "train.py:7:1: GF001 [*] `apply_gradients` called with two arguments" in log, log
    assert "files were modified by this hook" in log, log
    assert "Fixed 1 problem." in log, log
    assert (scratch / "train.py").read_text(encoding="utf-8") == FIXED
    assert (scratch / "clean.py").read_text(encoding="utf-8") == FIXED
    assert not (scratch / ".gradfix_cache").exists()  # the hooks run with --no-cache
