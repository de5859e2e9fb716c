"""Whole-repository speed: `gradfix check` cold, warm and on one core, against Ruff.

    python scripts/bench_repo.py [--repeat 5] [--packages tensorflow keras] [--notebooks 300]

For each installed package, in one run, interleaved and repeated (medians of wall time, and
of CPU time: user + system of the command and its worker processes, which a busy machine
disturbs less):
- `ruff check --select E,F --no-cache` of the tree (the yardstick);
- `gradfix check --no-cache` (cold, no cache at all);
- `gradfix check` with an empty cache (cold: analyses everything, writes the cache);
- `gradfix check` again (warm: everything from the cache);
- `gradfix check --no-cache` bound to one CPU (one worker), giving lines per second per core;
- on one CPU, the floor of any checker in Python: start-up, reading and the prefilter, then
  also `ast.parse` of the files the prefilter lets through (no analysis).
Then start-up: `python -m codemods --help` wall time and the import time of `codemods.cli`.
With `--notebooks N`: N notebooks made from the golden programs (split into cells at
top-level statements, with markdown cells and outputs between them) and the same N programs
as `.py` files, each checked cold: lines of code per second in notebooks against `.py` files.

Every command runs from an empty scratch folder, so the cache lives there. Machines here
are shared and noisy: read the ratios of one run, not absolute times.
"""

from __future__ import annotations

import argparse
import ast
import json
import importlib.util
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As an installed gradfix runs: from byte code (pip compiles it), so not with
# PYTHONDONTWRITEBYTECODE, which would compile every module of gradfix on every run.
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENVIRONMENT["PYTHONPATH"] = str(ROOT)


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def one_cpu() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system, all processes) per label


def timed(command: list[str], cwd: Path, preexec: Callable[[], None] | None = None, label: str = "") -> float:
    """Wall seconds of `command`; its CPU seconds (with its worker processes) go to CPU[label]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, preexec_fn=preexec)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(label, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


# What no checker written in Python can go under, on one core: start gradfix's command line,
# read every file and run the prefilter (`prefilter`), then also `ast.parse` the files it
# lets through (`parse`), analysing nothing.
FLOOR = """
import ast, sys
from pathlib import Path
import codemods.cli
from codemods.engine import RULES, rules_that_may_fire
for path in Path(sys.argv[1]).rglob("*.py"):
    text = path.read_bytes().decode("utf-8", "replace")
    if rules_that_may_fire(RULES, text) and sys.argv[2] == "parse":
        ast.parse(text)
"""


def measure(name: str, folder: Path, repeat: int, ruff: str | None) -> None:
    files = [path for path in folder.rglob("*.py")]
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    gradfix = [sys.executable, "-m", "codemods", "check", "--quiet", str(folder)]
    floor = [sys.executable, "-c", FLOOR, str(folder)]
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        for _ in range(repeat):
            runs: dict[str, Callable[[], float]] = {
                "gradfix --no-cache": lambda: timed([*gradfix, "--no-cache"], cwd, label="gradfix --no-cache"),
                "gradfix cold": lambda: (
                    shutil.rmtree(cwd / ".gradfix_cache", ignore_errors=True),
                    timed(gradfix, cwd, label="gradfix cold"),
                )[1],
                "gradfix warm": lambda: timed(gradfix, cwd, label="gradfix warm"),
                "gradfix one worker": lambda: timed([*gradfix, "--no-cache"], cwd, one_cpu, "gradfix one worker"),
            }
            runs["floor: read + prefilter"] = lambda: timed([*floor, "prefilter"], cwd, one_cpu, "floor: read + prefilter")
            runs["floor: + ast.parse"] = lambda: timed([*floor, "parse"], cwd, one_cpu, "floor: + ast.parse")
            if ruff:
                runs["ruff E,F --no-cache"] = lambda: timed(
                    [ruff, "check", "--select", "E,F", "--no-cache", "--quiet", "--exit-zero", str(folder)],
                    cwd,
                    label="ruff E,F --no-cache",
                )
            for label, run in runs.items():
                times.setdefault(label, []).append(run())
    median = {label: statistics.median(values) for label, values in times.items()}
    cpu = {label: statistics.median(CPU.pop(label)) for label in times}
    print(f"## {name}: {len(files)} files, {lines:,} lines ({repeat} runs each, medians)")
    print(f"{'':22} {'wall':>9}  {'ratio':>6}  {'CPU':>9}  {'ratio':>6}")
    for label, seconds in median.items():
        ratios = ("", "")
        if ruff:
            ruff_label = "ruff E,F --no-cache"
            ratios = (f"{seconds / median[ruff_label]:6.2f}", f"{cpu[label] / cpu[ruff_label]:6.2f}")
        print(f"{label:22} {seconds:7.3f} s  {ratios[0]:>6}  {cpu[label]:7.3f} s  {ratios[1]:>6}")
    print(
        f"one core checks {lines / median['gradfix one worker']:,.0f} lines per second of wall time, "
        f"{lines / cpu['gradfix one worker']:,.0f} per CPU second\n"
    )


def start_up(repeat: int) -> None:
    help_times = [timed([sys.executable, "-m", "codemods", "--help"], ROOT, label="help") for _ in range(repeat)]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import codemods.cli"], cwd=ROOT, env=ENVIRONMENT, capture_output=True, text=True
    )
    cumulative = [int(match) for match in re.findall(r"\|\s*(\d+) \|\s+codemods\.cli$", done.stderr, re.MULTILINE)]
    heavy = sorted(
        (
            (int(us), module.strip())
            for us, module in re.findall(r"\|\s*(\d+) \|(.*)$", done.stderr, re.MULTILINE)
            if module.strip().count(".") <= 1 and not module.startswith("  " * 3)
        ),
        reverse=True,
    )[:8]
    print("## start-up")
    print(f"python -m codemods --help {statistics.median(help_times):7.3f} s (median of {repeat})")
    if cumulative:
        print(f"import codemods.cli       {cumulative[0] / 1e6:7.3f} s; largest imports:")
    for microseconds, module in heavy:
        print(f"  {microseconds / 1e6:6.3f} s  {module}")


def notebook_of(program: str, number: int) -> str:
    """`program` as a notebook: a code cell per run of top-level statements (a new cell at
    each function, class, loop or `with`), a markdown cell and a stream output every other
    cell; its code cells joined are `program` again."""
    lines = program.splitlines(keepends=True)
    starts = sorted(
        {1}
        | {
            node.lineno if not getattr(node, "decorator_list", None) else node.decorator_list[0].lineno
            for node in ast.parse(program).body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.With))
        }
    )
    cells = []
    for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(lines) + 1])):
        source = lines[start - 1 : end - 1]
        if not source:
            continue
        if index % 2:
            cells.append({"cell_type": "markdown", "id": f"n{number}-m{index}", "metadata": {}, "source": [f"## Step {index}\n", "What the next cell does."]})
        outputs = [{"name": "stdout", "output_type": "stream", "text": [f"step {index}: ok\n"]}] if index % 2 else []
        cells.append(
            {"cell_type": "code", "execution_count": index + 1, "id": f"n{number}-c{index}", "metadata": {}, "outputs": outputs, "source": source}
        )
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def notebooks(count: int, repeat: int) -> None:
    """`count` golden programs as notebooks and as `.py` files: lines per second of each."""
    programs = sorted((ROOT / "golden").rglob("*.py"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "py").mkdir()
        (folder / "ipynb").mkdir()
        lines = 0
        for number in range(count):
            program = programs[number % len(programs)].read_text(encoding="utf-8")
            lines += program.count("\n")
            (folder / "py" / f"program_{number}.py").write_text(program, encoding="utf-8")
            (folder / "ipynb" / f"program_{number}.ipynb").write_text(notebook_of(program, number), encoding="utf-8")
        gradfix = [sys.executable, "-m", "codemods", "check", "--quiet", "--no-cache"]
        times: dict[str, list[float]] = {}
        for _ in range(repeat):
            for kind in ("py", "ipynb"):
                times.setdefault(kind, []).append(timed([*gradfix, str(folder / kind)], folder, label=kind))
                label = f"{kind}, one worker"
                times.setdefault(label, []).append(timed([*gradfix, str(folder / kind)], folder, one_cpu, label))
    print(f"## {count} golden programs as notebooks and as .py files ({lines:,} lines of code each; {repeat} runs, medians)")
    print(f"{'':22} {'wall':>9}  {'lines/s':>9}  {'CPU':>9}  {'lines/CPU s':>11}")
    for label, values in times.items():
        wall, cpu = statistics.median(values), statistics.median(CPU.pop(label))
        print(f"{label:22} {wall:7.3f} s  {lines / wall:9,.0f}  {cpu:7.3f} s  {lines / cpu:11,.0f}")
    wall = {label: statistics.median(values) for label, values in times.items()}
    print(f"notebooks take {wall['ipynb'] / wall['py']:.2f}x the time of the same code in .py files "
          f"({wall['ipynb, one worker'] / wall['py, one worker']:.2f}x on one worker)\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--packages", nargs="*", default=["tensorflow", "keras"])
    parser.add_argument("--notebooks", type=int, default=0, metavar="N", help="also compare N notebooks with N .py files")
    args = parser.parse_args()
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        print("ruff is not installed (pip install ruff): no comparison\n")
    for name in args.packages:
        folder = package_dir(name)
        if folder is None:
            print(f"## {name}: not installed, skipped\n")
            continue
        measure(name, folder, args.repeat, ruff)
    if args.notebooks:
        notebooks(args.notebooks, args.repeat)
    start_up(args.repeat)


if __name__ == "__main__":
    main()
