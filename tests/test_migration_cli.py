"""Whole-repository runs through the command line: configuration, the result cache, output
formats, statistics, reports, --files-from, --quiet and the progress bar."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from codemods import cli, runner
from codemods.cache import CACHE_DIR
from codemods.cli import app
from tests.golden_cases import GOLDEN
from tests.test_cli import BUGGY, FIXED
from tests.test_files import BROKEN

REPOSITORY = Path(__file__).resolve().parent.parent
# A finding whose only fix is unsafe (GF012: an optimizer built in every step).
UNSAFE = (GOLDEN / "GF012_optimizer_created_per_step" / "01_module_level_loop.before.py").read_text(encoding="utf-8")


def gradfix(*args: object, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a buggy file, run from its top folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "train.py").write_text(BUGGY, encoding="utf-8")
    (tmp_path / "clean.py").write_text(FIXED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, text: str, name: str = "pyproject.toml") -> None:
    body = f"[tool.gradfix]\n{text}" if name == "pyproject.toml" else text
    (project / name).write_text(body, encoding="utf-8")


# --- configuration --------------------------------------------------------------------------


def test_nearest_configuration_applies_and_flags_override_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configure(project, 'ignore = ["GF001"]\n')
    assert gradfix("check", ".")[0] == 0
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")  # found from a subfolder too, as Ruff does
    assert gradfix("check", "..")[0] == 0
    code, out, _ = gradfix("check", "..", "--ignore", "GF002")  # the flag replaces the setting
    assert code == 1 and "GF001" in out
    assert gradfix("check", "..", "--isolated")[0] == 1


def test_gradfix_toml_comes_before_pyproject_and_config_names_a_file(project: Path, tmp_path_factory) -> None:
    configure(project, 'select = ["GF001"]\n')
    configure(project, 'select = ["GF002"]\n', "gradfix.toml")
    assert gradfix("check", "train.py")[0] == 0
    elsewhere = tmp_path_factory.mktemp("config") / "gradfix.toml"
    elsewhere.write_text('select = ["GF00"]\n', encoding="utf-8")
    assert gradfix("check", "train.py", "--config", elsewhere)[0] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = true\n", "unknown key `colour`"),
        ('select = ["GF999"]\n', "unknown rule code GF999"),
        ('output-format = "xml"\n', "output-format must be one of"),
    ],
)
def test_a_bad_configuration_is_an_error_naming_the_file(project: Path, text: str, message: str) -> None:
    configure(project, text)
    code, out, err = gradfix("check", ".")
    assert code == 2 and out == ""
    assert err.startswith(f"error: {project / 'pyproject.toml'}: ") and message in err


def test_config_and_isolated_errors(project: Path) -> None:
    code, _, err = gradfix("check", ".", "--config", project / "missing.toml")
    assert code == 2 and "missing.toml: no such file" in err
    code, _, err = gradfix("check", ".", "--config", project / "missing.toml", "--isolated")
    assert code == 2 and "cannot be used together" in err


def test_exclude_and_extend_exclude(project: Path) -> None:
    for folder in ("generated", "dist", "legacy"):
        (project / folder).mkdir()
        (project / folder / "model.py").write_text(BUGGY, encoding="utf-8")

    def reported() -> set[str]:
        return {Path(line.split(":")[0]).parent.name for line in gradfix("check", ".")[1].splitlines() if "GF001" in line}

    configure(project, 'extend-exclude = ["generated"]\n')
    assert reported() == {"", "legacy"}  # dist/ stays skipped by default
    configure(project, 'exclude = ["legacy", "train.py"]\n')
    assert reported() == {"generated", "dist"}  # exclude replaces the default folders
    # Files named explicitly are checked unless --force-exclude (as Ruff).
    assert gradfix("check", "legacy/model.py")[0] == 1
    assert gradfix("check", "legacy/model.py", "--force-exclude")[0] == 0


def test_per_file_ignores(project: Path) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "test_train.py").write_text(BUGGY, encoding="utf-8")
    configure(project, '[tool.gradfix.per-file-ignores]\n"tests/*" = ["GF001"]\n')
    code, out, _ = gradfix("check", ".", "--no-cache")
    assert code == 1 and "train.py:7:1: GF001" in out and "test_train.py" not in out
    assert "test_train.py" not in gradfix("check", ".")[1]  # the cache keeps the per-file rules apart
    configure(project, "")
    assert "test_train.py:7:1: GF001" in gradfix("check", ".")[1]


def test_output_format_and_unsafe_fixes_from_configuration(project: Path) -> None:
    (project / "step.py").write_text(UNSAFE, encoding="utf-8")
    configure(project, 'output-format = "concise"\nunsafe-fixes = true\n')
    code, out, _ = gradfix("check", "step.py")
    assert code == 1 and out.startswith("step.py:") and "GF012 [*]" in out and "Found" not in out
    assert "GF012 [*]" not in gradfix("check", "step.py", "--no-unsafe-fixes")[1]
    assert gradfix("check", "step.py", "--output-format", "text")[1].endswith("(1 fixable).\n")
    assert gradfix("fix", "step.py")[0] == 0  # the unsafe fix was applied
    assert "GF012" not in gradfix("check", "step.py")[1]


# --- cache ----------------------------------------------------------------------------------


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files analysed (read, then checked or fixed by the engine) in this process."""
    calls: list[str] = []
    real = runner.process_file

    def counting(target, options):
        calls.append(target.path.name)
        return real(target, options)

    monkeypatch.setattr(runner, "process_file", counting)
    return calls


def test_a_second_check_analyses_nothing_and_an_edit_is_seen(project: Path, analysed: list[str]) -> None:
    first = gradfix("check", ".")
    assert len(analysed) == 2 and (project / CACHE_DIR / ".gitignore").is_file()
    analysed.clear()
    assert gradfix("check", ".") == first
    assert analysed == []
    (project / "clean.py").write_text(BUGGY, encoding="utf-8")
    code, out, _ = gradfix("check", ".")
    assert analysed == ["clean.py"] and out.count("GF001") == 2
    analysed.clear()
    assert gradfix("check", ".", "--select", "GF002")[0] == 0 and len(analysed) == 2  # other rules: a miss


def test_fix_uses_the_cache_and_stores_what_it_wrote(project: Path, analysed: list[str]) -> None:
    gradfix("check", ".")
    analysed.clear()
    assert gradfix("fix", ".")[0] == 0
    assert analysed == ["train.py"]  # only train.py had something to fix
    assert (project / "train.py").read_text(encoding="utf-8") == FIXED
    analysed.clear()
    assert gradfix("fix", ".")[:2] == (0, "All checks passed!\n")
    assert gradfix("check", ".")[0] == 0
    assert analysed == []


def test_no_cache_and_clean(project: Path, analysed: list[str]) -> None:
    gradfix("check", ".", "--no-cache")
    assert not (project / CACHE_DIR).exists()
    gradfix("check", ".")
    analysed.clear()
    gradfix("check", ".", "--no-cache")
    assert len(analysed) == 2
    code, _, err = gradfix("clean")
    assert code == 0 and str(project / CACHE_DIR) in err and not (project / CACHE_DIR).exists()


def test_the_cache_lives_next_to_the_configuration_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "app").mkdir()
    configure(project / "app", "")
    (project / "app" / "train.py").write_text(BUGGY, encoding="utf-8")
    monkeypatch.chdir(project / "app")
    gradfix("check", ".")
    assert (project / "app" / CACHE_DIR).is_dir() and not (project / CACHE_DIR).exists()


# --- output -----------------------------------------------------------------------------------


def test_machine_formats_through_the_command_line(project: Path) -> None:
    code, out, _ = gradfix("check", ".", "--output-format", "sarif")
    document = json.loads(out)
    assert code == 1 and document["version"] == "2.1.0"
    assert [result["ruleId"] for result in document["runs"][0]["results"]] == ["GF001"]
    assert gradfix("check", ".", "--output-format", "github")[1].startswith("::warning title=gradfix (GF001),file=train.py,")
    assert "<testsuites" in gradfix("check", ".", "--output-format", "junit")[1]
    assert gradfix("check", ".", "--output-format", "concise")[1] == (
        "train.py:7:1: GF001 [*] `apply_gradients` called with two arguments; pair them: `zip(grads, [w])`\n"
    )
    (project / "step.py").write_text(UNSAFE, encoding="utf-8")
    code, out, _ = gradfix("fix", ".", "--output-format", "json")  # what is left after fixing
    assert code == 1 and [entry["code"] for entry in json.loads(out)] == ["GF012"]


def test_statistics_count_findings_per_rule(project: Path) -> None:
    (project / "more.py").write_text(BUGGY, encoding="utf-8")
    (project / "step.py").write_text(UNSAFE, encoding="utf-8")
    code, out, _ = gradfix("check", ".", "--statistics")
    assert code == 1
    assert out == "2\tGF001\t[*] apply-gradients-not-zipped\n1\tGF012\t[ ] optimizer-created-per-step\n"
    rows = json.loads(gradfix("check", ".", "--statistics", "--output-format", "json")[1])
    assert rows[0] == {"code": "GF001", "name": "apply-gradients-not-zipped", "count": 2, "fixable": True}


@pytest.mark.parametrize("name", ["report.md", "report.json"])
def test_report_records_what_fix_changed_and_left(project: Path, name: str) -> None:
    (project / "step.py").write_text(UNSAFE, encoding="utf-8")
    (project / "broken.py").write_text(BROKEN, encoding="utf-8")
    report = project.parent / f"{project.name}-{name}"
    assert gradfix("fix", ".", "--report", report)[0] == 2
    text = report.read_text(encoding="utf-8")
    if name.endswith(".json"):
        data = json.loads(text)
        assert data["totals"]["fixed"] == 1 and data["totals"]["left"] == 1 and data["totals"]["not_processed"] == 1
    else:
        assert "- Problems fixed: 1" in text and "GF012" in text and "```diff" in text and "syntax error" in text


def test_quiet_prints_findings_only(project: Path) -> None:
    code, out, _ = gradfix("check", ".", "--quiet")
    assert code == 1 and out.splitlines() == [line for line in out.splitlines() if "GF001" in line] and out
    assert gradfix("check", "clean.py", "-q")[1] == ""


def test_progress_bar_only_on_a_terminal_for_long_runs(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(cli.PROGRESS_THRESHOLD + 1):
        (project / f"model_{index:02}.py").write_text(FIXED, encoding="utf-8")
    for arguments, shown in [((), True), (("--quiet",), False)]:
        screen = io.StringIO()
        monkeypatch.setattr(cli, "stderr", Console(file=screen, force_terminal=True, width=80))
        gradfix("check", ".", "--no-cache", *arguments)
        assert ("Checking" in screen.getvalue()) is shown
    screen = io.StringIO()
    monkeypatch.setattr(cli, "stderr", Console(file=screen, force_terminal=False))
    gradfix("check", ".", "--no-cache")
    assert screen.getvalue() == ""


# --- files-from -------------------------------------------------------------------------------


def test_files_from_a_file_and_standard_input(project: Path) -> None:
    (project / "other.py").write_text(BUGGY, encoding="utf-8")
    (project / "list.txt").write_text("train.py\n\nclean.py\n", encoding="utf-8")
    code, out, _ = gradfix("check", "--files-from", "list.txt", "other.py")
    assert code == 1 and out.count("GF001") == 2
    code, out, _ = gradfix("check", "--files-from", "-", input="other.py\n")
    assert code == 1 and out.count("GF001") == 1 and "other.py" in out
    assert gradfix("check", "--files-from", "-", input="") == (0, "All checks passed!\n", "")  # an empty shard
    code, _, err = gradfix("check", "--files-from", "nope.txt")
    assert code == 2 and "nope.txt: cannot read" in err


def test_files_from_standard_input_in_a_real_pipe(project: Path) -> None:
    listing = subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    assert listing.returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "codemods", "check", "--no-cache", "--files-from", "-"],
        input="train.py\nclean.py\n", cwd=project, env={"PYTHONPATH": str(REPOSITORY), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1 and done.stdout.count("GF001") == 1


def test_a_cached_run_loads_neither_pydantic_nor_the_rules(project: Path) -> None:
    code, _, err = gradfix("check", ".", "--output-format", "xml")
    assert code == 2 and "'xml' is not one of 'text', 'json', 'sarif', 'github', 'junit', 'concise'" in err
    script = (
        "import sys\nfrom codemods.cli import main\nsys.argv = ['gradfix', 'check', '.']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({'pydantic', 'codemods.engine', 'codemods.rules'} & set(sys.modules)))"
    )
    environment = {"PYTHONPATH": str(REPOSITORY), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", script], cwd=project, env=environment, capture_output=True, text=True, check=False)
        for _ in range(2)
    ]
    assert [run.stdout.splitlines()[-1] for run in runs] == ["['codemods.engine', 'codemods.rules']", "[]"]
    assert "GF001" in runs[1].stdout
