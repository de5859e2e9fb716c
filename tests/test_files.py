"""Files the command line meets in real repositories: symlinks, read-only and unreadable
files, FIFOs, nested `.gitignore` files, bad encodings, interruptions; and what gradfix never
does with the code it reads (import it, run it, write outside the given paths, use the network)."""

from __future__ import annotations

import ast
import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods import engine, files, runner
from codemods.files import Target, discover
from tests.test_cli import BUGGY, FIXED, gradfix

REPOSITORY = Path(__file__).resolve().parent.parent
OUTSIDE = "cannot write: symlink to a file outside the checked paths"


def _deny(monkeypatch: pytest.MonkeyPatch, function: str, denied: Path) -> None:
    """Make `os.<function>` fail with EACCES on `denied` (and below it), as it does for a
    user without permission; the tests run as root, which ignores permission bits."""
    original = getattr(os, function)

    def guarded(path, *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and Path(os.fspath(path)).is_relative_to(denied):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, function, guarded)


# --- symlinks ---------------------------------------------------------------------------


def test_a_symlink_fixes_its_target_in_place_once(tmp_path: Path) -> None:
    (tmp_path / "real.py").write_text(BUGGY)
    (tmp_path / "link.py").symlink_to("real.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other_link.py").symlink_to(tmp_path / "real.py")
    code, out, _ = gradfix("check", tmp_path)
    assert code == 1 and out.count("GF001") == 1
    assert f"{tmp_path / 'real.py'}:7:1: GF001" in out  # the file's own name, not a link's
    code, out, err = gradfix("fix", tmp_path)
    assert (code, err) == (0, "") and "Fixed 1 problem." in out
    assert (tmp_path / "real.py").read_text() == FIXED
    assert os.readlink(tmp_path / "link.py") == "real.py"
    assert (tmp_path / "sub" / "other_link.py").is_symlink()


def test_a_link_named_with_its_target_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "real.py").write_text(BUGGY)
    (tmp_path / "link.py").symlink_to("real.py")
    code, out, _ = gradfix("check", tmp_path / "link.py", tmp_path / "real.py", tmp_path)
    assert code == 1 and out.count("GF001") == 1


def test_a_symlink_to_a_file_outside_the_checked_paths_is_read_but_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "train.py"
    outside.parent.mkdir()
    outside.write_text(BUGGY)
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.py").symlink_to(outside)
    code, out, _ = gradfix("check", project)
    assert code == 1 and f"{project / 'link.py'}:7:1: GF001" in out
    for named in (project, project / "link.py"):
        code, out, err = gradfix("fix", named)
        assert code == 2
        assert f"{project / 'link.py'}: {OUTSIDE}" in err
        assert "Found 1 problem" in out and "1 file could not be written." in out
        assert outside.read_text() == BUGGY and (project / "link.py").is_symlink()
    code, _, _ = gradfix("fix", project, outside.parent)  # now the target is among the checked paths
    assert code == 0 and outside.read_text() == FIXED and (project / "link.py").is_symlink()


def test_write_source_writes_through_a_link_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "real.py").write_text("old\n")
    (tmp_path / "link.py").symlink_to("real.py")
    files.write_source(tmp_path / "link.py", "new\n", "utf-8")
    assert (tmp_path / "link.py").is_symlink() and (tmp_path / "real.py").read_text() == "new\n"


def test_write_source_keeps_the_owner_where_allowed(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text("old\n")
    owner = (os.geteuid() + 1234, os.getegid() + 1234)
    try:
        os.chown(path, *owner)
    except PermissionError:
        owner = (os.geteuid(), os.getegid())  # not root: the file stays the user's own
    files.write_source(path, "new\n", "utf-8")
    assert (path.stat().st_uid, path.stat().st_gid) == owner and path.read_text() == "new\n"


# --- read-only files ----------------------------------------------------------------------


def test_a_read_only_file_is_left_untouched(tmp_path: Path) -> None:
    (tmp_path / "locked.py").write_text(BUGGY)
    (tmp_path / "train.py").write_text(BUGGY)
    os.chmod(tmp_path / "locked.py", 0o444)
    code, out, err = gradfix("fix", tmp_path)
    assert code == 2
    assert f"{tmp_path / 'locked.py'}: cannot write: read-only" in err
    assert (tmp_path / "locked.py").read_text() == BUGGY
    assert stat.S_IMODE((tmp_path / "locked.py").stat().st_mode) == 0o444
    assert (tmp_path / "train.py").read_text() == FIXED
    assert "Fixed 1 problem. Found 1 problem" in out and "1 file could not be written." in out


def test_a_file_the_user_may_not_write_is_left_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "train.py"
    path.write_text(BUGGY)
    original = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode & os.W_OK else original(p, mode, **kw))
    code, _, err = gradfix("fix", path)
    assert code == 2 and f"{path}: cannot write: read-only" in err
    assert path.read_text() == BUGGY


# --- unreadable, missing and special paths ------------------------------------------------


def test_an_unreadable_folder_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "train.py").write_text(BUGGY)
    (tmp_path / "train.py").write_text(BUGGY)
    _deny(monkeypatch, "scandir", locked)
    _deny(monkeypatch, "stat", locked)  # looking for locked/pyvenv.cfg fails as well
    code, out, err = gradfix("check", tmp_path)
    assert code == 2
    assert err == f"{locked}: cannot read: Permission denied\n"
    assert f"{tmp_path / 'train.py'}:7:1: GF001" in out
    assert out.count("GF001") == 1 and "1 path could not be checked." in out


def test_an_unreadable_file_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.py").write_text(BUGGY)
    (tmp_path / "train.py").write_text(BUGGY)
    _deny(monkeypatch, "open", tmp_path / "secret.py")
    code, out, err = gradfix("check", tmp_path / "secret.py", tmp_path / "train.py")
    assert code == 2
    assert err == f"{tmp_path / 'secret.py'}: cannot read: Permission denied\n"
    assert f"{tmp_path / 'train.py'}:7:1: GF001" in out


def test_a_file_in_a_folder_that_cannot_be_searched_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "train.py").write_text(BUGGY)
    _deny(monkeypatch, "stat", tmp_path / "locked")
    code, out, err = gradfix("check", tmp_path / "locked" / "train.py", tmp_path / "train.py")
    assert code == 2 and err == f"{tmp_path / 'locked' / 'train.py'}: cannot read: Permission denied\n"
    assert "GF001" in out


def test_a_missing_path_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(BUGGY)
    code, out, err = gradfix("check", tmp_path / "nope.py", tmp_path / "train.py")
    assert code == 2
    assert err == f"{tmp_path / 'nope.py'}: no such file or folder\n"
    assert "GF001" in out and "Found 1 problem (1 fixable). 1 path could not be checked." in out


@pytest.mark.parametrize("named", [False, True], ids=["in-a-folder", "named"])
def test_a_fifo_is_skipped_not_waited_on(tmp_path: Path, named: bool) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "train.py").write_text(BUGGY)
    arguments = [str(tmp_path / "pipe.py"), str(tmp_path / "train.py")] if named else [str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "codemods", "fix", *arguments],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'pipe.py'}: skipped: not a regular file\n"
    assert (tmp_path / "train.py").read_text() == FIXED
    assert stat.S_ISFIFO((tmp_path / "pipe.py").stat().st_mode)


def test_read_source_refuses_a_fifo_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    with pytest.raises(files.ReadError, match="not a regular file"):
        files.read_source(tmp_path / "pipe.py")


# --- the summary and JSON never hide a file that was not checked -------------------------

BROKEN = "import tensorflow as tf\nwith tf.GradientTape() as tape\n    grads = tape.gradient(loss, w)\n"


def test_a_run_with_an_unchecked_file_never_says_all_checks_passed(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text(FIXED)
    (tmp_path / "broken.py").write_text(BROKEN)
    code, out, err = gradfix("check", tmp_path)
    assert code == 2 and f"{tmp_path / 'broken.py'}:2:" in err
    assert "All checks passed" not in out
    assert out == "No problems found. 1 path could not be checked.\n"
    code, out, _ = gradfix("fix", tmp_path)
    assert code == 2 and out == "No problems found. 1 path could not be checked.\n"


def test_json_output_carries_errors_as_entries_without_a_code(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(BROKEN)
    (tmp_path / "train.py").write_text(BUGGY)
    code, out, err = gradfix("check", tmp_path, tmp_path / "nope.py", "--output-format", "json")
    assert code == 2 and "broken.py:2:" in err
    entries = json.loads(out)
    assert [entry["code"] for entry in entries] == [None, "GF001", None]  # in the order given
    broken, finding, missing = entries
    assert missing["filename"] == str(tmp_path / "nope.py") and missing["message"] == "no such file or folder"
    assert broken["filename"] == str(tmp_path / "broken.py")
    assert broken["message"].startswith("syntax error: ")
    assert broken["location"]["row"] == 2 and broken["fix"] is None
    assert set(broken) == set(finding)  # the same fields as a finding, as Ruff does for syntax errors


# --- decoding errors say where ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        pytest.param(b"import tensorflow as tf\n\nx = 'ab\xff'\n", ":3:8:", "cannot decode byte 0xff as utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbfx = '\xe9'\n", ":1:6:", "cannot decode byte 0xe9 as utf-8", id="bom"),
        pytest.param(b"x = '\xe9'\nimport tensorflow\n", ":1:6:", "cannot decode byte 0xe9 as utf-8", id="no-cookie"),
        pytest.param(b"#!/usr/bin/env python\n# -*- coding: klingon -*-\n", ":2:15:", "unknown encoding: klingon", id="cookie"),
        pytest.param(b"\xef\xbb\xbf# coding: latin-1\n", ":1:11:", "encoding problem: utf-8", id="bom-and-cookie"),
        pytest.param("# coding: ascii\nx = 'caf\u00e9'\n".encode(), ":2:9:", "cannot decode byte 0xc3 as ascii", id="ascii"),
    ],
)
def test_a_decoding_error_names_its_line_and_column(tmp_path: Path, data: bytes, where: str, message: str) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(data)
    code, _, err = gradfix("fix", path)
    assert code == 2
    assert err.startswith(f"{path}{where} ") and message in err and err.count("\n") == 1
    assert path.read_bytes() == data


# --- rule selection and fixes that could not be applied ----------------------------------


def test_an_empty_selection_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(BUGGY)
    code, out, err = gradfix("check", tmp_path, "--select", "")
    assert code == 2 and out == "" and "--select" in err and "no rule" in err
    code, out, err = gradfix("fix", tmp_path, "--select", "GF001", "--ignore", "GF0")
    assert code == 2 and out == "" and "no rule" in err
    assert (tmp_path / "train.py").read_text() == BUGGY


def test_a_safe_fix_that_could_not_be_applied_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "train.py"
    path.write_text(BUGGY)

    def fix_that_breaks(source: str, **kwargs) -> engine.FixResult:
        findings = engine.check(source, rules=kwargs.get("rules"))
        return engine.FixResult(source, remaining=findings, failed=findings)

    monkeypatch.setattr(engine, "fix", fix_that_breaks)
    code, out, err = gradfix("fix", path)
    assert code == 1
    assert f"{path}:7:1: GF001 fix not applied" in err
    assert "Found 1 problem (1 fix could not be applied)." in out
    assert path.read_text() == BUGGY


# --- .gitignore files above the checked folder --------------------------------------------


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repository, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    layout = {
        ".gitignore": "generated/\n*_gen.py\n/pkg/top_only.py\n",
        "pkg/.gitignore": "local.py\n",
        "pkg/sub/.gitignore": "!keep_gen.py\n",
        ".git/info/exclude": "scratch.py\n",
    }
    for name, text in layout.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    for name in (
        "pkg/train.py", "pkg/top_only.py", "pkg/model_gen.py", "pkg/local.py", "pkg/scratch.py",
        "pkg/generated/x.py", "pkg/sub/keep_gen.py", "pkg/sub/other_gen.py", "pkg/sub/local.py",
        "pkg/sub/deep/y.py", "pkg/sub/deep/top_only.py", "other/z.py",
    ):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x = 1\n")
    return repo


def _discovered(*paths: Path) -> set[Path]:
    return {item.path for item in discover(paths) if isinstance(item, Target)}


@pytest.mark.parametrize("folder", ["pkg", "pkg/sub", "."])
def test_ignore_files_above_the_checked_folder_apply_as_in_git(
    repository: Path, folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _git(repository, "ls-files", "--others", "--exclude-standard", "--", folder).split()
    expected = {Path(name).relative_to(folder) for name in listed if name.endswith(".py")}
    assert Path("pkg/sub/keep_gen.py") in {Path(folder) / name for name in expected}
    assert Path("pkg/sub/other_gen.py") not in {Path(folder) / name for name in expected}
    monkeypatch.chdir(repository / folder)
    assert _discovered(Path(".")) == {Path(name) for name in expected}


def test_a_folder_named_explicitly_is_checked_even_if_ignored(repository: Path) -> None:
    generated = repository / "pkg" / "generated"
    assert _discovered(generated) == {generated / "x.py"}
    assert _discovered(repository / "pkg" / "model_gen.py") == {repository / "pkg" / "model_gen.py"}


# --- Ctrl-C -------------------------------------------------------------------------------


def test_an_interrupted_fix_says_which_files_were_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(BUGGY)
    written: list[Path] = []
    original = runner.write_source

    def interrupted_on_the_second_file(path: Path, text: str, encoding: str) -> None:
        if written:
            raise KeyboardInterrupt
        original(path, text, encoding)
        written.append(path)

    monkeypatch.setattr(runner, "write_source", interrupted_on_the_second_file)
    code, out, err = gradfix("fix", tmp_path)
    assert code == 130
    assert err == f"Interrupted: 1 file written:\n{tmp_path / 'a.py'}\n"
    assert "Traceback" not in out + err
    assert [(tmp_path / name).read_text() for name in ("a.py", "b.py", "c.py")] == [FIXED, BUGGY, BUGGY]


def test_files_fixed_by_worker_processes_are_written_by_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text(BUGGY)
    (tmp_path / "b.py").chmod(0o444)
    code, out, err = gradfix("fix", tmp_path)
    assert code == 2 and err == f"{tmp_path / 'b.py'}: cannot write: read-only\n"
    assert "Fixed 2 problems." in out
    assert [(tmp_path / name).read_text() for name in ("a.py", "b.py", "c.py")] == [FIXED, BUGGY, FIXED]


# --- security -----------------------------------------------------------------------------

# Runs gradfix with an audit hook that records what it must never do: run or import the
# code it reads, open a socket, start a process, or change a file outside the project.
AUDITED = textwrap.dedent(
    """
    import atexit, os, sys
    project = os.path.realpath(sys.argv.pop(1))
    log = open(sys.argv.pop(1), "w")
    events = []

    def inside(path):
        path = os.fsdecode(os.fspath(path))
        if path.startswith("<") and not os.path.exists(path):  # <string>: generated by dataclasses etc.
            return False
        return os.path.realpath(path).startswith(project + os.sep)

    def hook(event, args):
        if event.startswith(("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.fork")):
            events.append(event)
        elif event == "exec" and inside(getattr(args[0], "co_filename", "")):
            events.append("exec of " + args[0].co_filename)
        elif event == "import" and args[1] and inside(args[1]):
            events.append("import of " + args[1])
        elif event == "open" and not isinstance(args[0], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            if not inside(args[0]) and os.fspath(args[0]) != os.devnull:
                events.append(f"write to {args[0]!r}")
        elif event in ("os.rename", "os.remove", "os.chmod", "os.mkdir", "os.symlink", "os.link"):
            if not all(inside(arg) for arg in args[:2] if isinstance(arg, (str, bytes, os.PathLike))):
                events.append(f"{event} {args!r}")

    atexit.register(lambda: log.write("\\n".join(events)))
    sys.addaudithook(hook)
    from codemods.cli import main
    main()
    """
)


def _audited(tmp_path: Path, project: Path, *args: str) -> tuple[int, list[str]]:
    driver, log = tmp_path / "audited.py", tmp_path / "events.log"
    driver.write_text(AUDITED)
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, str(driver), str(project), str(log), *args],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [line for line in log.read_text().splitlines() if line]


def test_gradfix_never_runs_imports_or_sends_the_code_it_reads(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    marker = tmp_path / "executed"
    payload = f"open({str(marker)!r}, 'w').close()\nimport socket\nsocket.create_connection(('127.0.0.1', 9))\n"
    (project / "train.py").write_text(payload + BUGGY)
    (project / "helper.py").write_text(payload)
    (project / "conftest.py").write_text(payload + "import train\n")
    assert _audited(tmp_path, project, "check", ".") == (1, [])
    assert _audited(tmp_path, project, "fix", "--unsafe-fixes", ".") == (0, [])
    assert (project / "train.py").read_text() == payload + FIXED
    assert not marker.exists()


def test_the_package_has_no_way_to_run_code() -> None:
    forbidden_calls = {"exec", "eval", "compile", "__import__", "execfile"}
    forbidden_modules = {"runpy", "importlib", "subprocess", "socket", "urllib", "http", "ctypes", "pickle", "marshal"}
    # Parts of those packages that run nothing and open nothing: package metadata, URI parsing.
    harmless = {"importlib.metadata", "importlib.resources", "urllib.parse"}
    found = []
    for module in sorted((REPOSITORY / "codemods").rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in forbidden_calls:
                found.append(f"{module.name}:{node.lineno} {node.func.id}()")
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{module.name}:{node.lineno} import {n}" for n in names if n.split(".")[0] in forbidden_modules and n not in harmless]
    assert found == []
