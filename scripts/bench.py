"""How fast gradfix is, compared in one run with what it must keep up with.

    python scripts/bench.py [--repeat 15] [--packages tensorflow keras tf_keras]

1. `codemods.check()` on a ~1,000-line training file against `ast.parse` and
   `libcst.parse_module` of the same text (medians).
2. Many findings: a sample of the golden befores (evenly spaced, so all rules are in it;
   docstrings, comments and blank lines dropped) concatenated into ~1,000 lines with about
   50 findings (programs sharing module-level names mask a few of each other's), then the
   same file doubled and quadrupled (its functions and classes renamed
   per copy): `check()` against `ast.parse`, and how the time grows when the file and its
   findings double. Then the same file 50 times (~50,000 lines), checked and fixed, with the
   cost per line against the ~1,000-line file's.
3. `gradfix check` over installed packages against `ruff check --select E,F --no-cache` of
   the same trees (wall time, one run each), with findings per rule and any crashes.

Machines here are shared and noisy: read the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import libcst

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's gradfix, not whichever one is installed

import codemods  # noqa: E402
TARGET_LINES = 1000


def training_file() -> str:
    """About 1,000 lines of real training code: the golden programs, before and after."""
    parts, lines = [], 0
    programs = sorted((ROOT / "golden").rglob("*.py"))
    while lines < TARGET_LINES:
        for path in programs:
            text = path.read_text(encoding="utf-8")
            parts.append(text)
            lines += text.count("\n")
            if lines >= TARGET_LINES:
                break
    return "\n".join(parts)


def many_findings_file(target_lines: int, copies: int = 1) -> str:
    """Golden befores without docstrings, comments or blank lines (so findings are dense):
    evenly spaced ones, as many as fill about `target_lines` (a short file holds the same
    mix of rules as the whole set; all of them, cycled, for more lines than the set has),
    repeated `copies` times. Each copy's top-level functions and classes are renamed
    apart. Doubling `copies` doubles the file and its findings and nothing else."""
    befores = [_compacted(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "golden").rglob("*.before.py"))]
    total = sum(text.count("\n") for text in befores)
    count = min(len(befores), max(1, round(len(befores) * target_lines / total)))
    chosen = [(index, befores[index]) for index in (i * len(befores) // count for i in range(count))]
    sample = sum(text.count("\n") for _, text in chosen)
    rounds = copies * max(1, round(target_lines / sample))
    return "\n".join(_renamed(text, f"{copy}_{number}") for copy in range(rounds) for number, text in chosen)


def _compacted(text: str) -> str:
    tree = ast.parse(text)
    docstring = tree.body[0] if tree.body and isinstance(tree.body[0], ast.Expr) else None
    skip = docstring.end_lineno or 0 if docstring is not None and isinstance(docstring.value, ast.Constant) else 0
    kept = [line for line in text.splitlines()[skip:] if line.strip() and not line.lstrip().startswith("#")]
    return "\n".join(kept) + "\n"


def _renamed(text: str, suffix: str) -> str:
    tree = ast.parse(text)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    for name in sorted(defined, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", f"{name}_{suffix}", text)
    return text


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def single_file(repeat: int) -> None:
    text = training_file()
    codemods.check(text)  # warm up imports and caches
    check = median_seconds(lambda: codemods.check(text), repeat)
    parse = median_seconds(lambda: ast.parse(text), repeat)
    cst = median_seconds(lambda: libcst.parse_module(text), max(3, repeat // 3))
    print(f"## check() on one training file ({text.count(chr(10))} lines, {len(codemods.check(text))} findings)")
    print(f"ast.parse            {parse * 1000:8.1f} ms")
    print(f"codemods.check()     {check * 1000:8.1f} ms   {check / parse:5.2f}x ast.parse   (target: <= 5x)")
    print(f"libcst.parse_module  {cst * 1000:8.1f} ms   {cst / parse:5.2f}x ast.parse")
    print()


def many_findings(repeat: int) -> None:
    print("## check() with many findings (a sample of the golden befores, doubled and doubled again)")
    print(f"{'lines':>7} {'findings':>8} {'ast.parse':>10} {'check()':>10} {'ratio':>7} {'x previous':>10} {'(parse)':>8}")
    previous = previous_parse = None
    per_line = None
    for copies in (1, 2, 4):
        text = many_findings_file(1000, copies)
        findings = len(codemods.check(text))  # also warms up
        check = median_seconds(lambda: codemods.check(text), repeat)
        parse = median_seconds(lambda: ast.parse(text), repeat)
        growth = f"{check / previous:9.2f}x {parse / previous_parse:7.2f}x" if previous else ""
        print(f"{text.count(chr(10)):7d} {findings:8d} {parse * 1000:8.1f}ms {check * 1000:8.1f}ms {check / parse:6.2f}x {growth}")
        previous, previous_parse = check, parse
        if per_line is None:
            per_line = check / text.count("\n"), text
    print("targets: ratio <= 5x at ~1,000 lines; each doubling at most 2x the time (parse's own growth in brackets)")
    print()
    small_per_line, small = per_line  # type: ignore[misc]
    small_fix = median_seconds(lambda: codemods.fix(small, unsafe=True), max(3, repeat // 3))
    text = many_findings_file(1000, 50)  # the same sample, 50 times
    lines = text.count("\n")
    findings = len(codemods.check(text))
    check = median_seconds(lambda: codemods.check(text), 3)
    parse = median_seconds(lambda: ast.parse(text), 3)
    start = time.perf_counter()
    result = codemods.fix(text, unsafe=True)
    fix = time.perf_counter() - start
    small_lines = small.count("\n")
    print(f"## {lines}-line file, {findings} findings")
    print(f"ast.parse            {parse:8.2f} s")
    print(f"codemods.check()     {check:8.2f} s   {check / parse:5.2f}x ast.parse   per line {check / lines * 1e6:6.1f} us"
          f" ({check / lines / small_per_line:.2f}x the {small_lines}-line file's)")
    print(f"codemods.fix(unsafe) {fix:8.2f} s   {len(result.fixed)} fixed, {len(result.remaining)} left, {len(result.failed)} failed"
          f"   per line {fix / lines * 1e6:6.1f} us ({fix / lines / (small_fix / small_lines):.2f}x the {small_lines}-line file's)")
    print("target: per-line cost about that of the ~1,000-line file (linear time)")
    print()


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - start, done


def packages(names: list[str]) -> None:
    gradfix = [sys.executable, "-m", "codemods", "check", "--output-format", "json"]
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    for name in names:
        folder = package_dir(name)
        if folder is None:
            print(f"## {name}: not installed, skipped\n")
            continue
        files = list(folder.rglob("*.py"))
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        seconds, done = timed([*gradfix, str(folder)])
        findings = json.loads(done.stdout or "[]")
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        crashes = [line for line in errors if "internal error" in line]
        print(f"## gradfix check over {name} ({len(files)} files, {lines} lines)")
        print(f"gradfix check        {seconds:8.2f} s   exit {done.returncode}")
        if ruff:
            ruff_seconds, _ = timed([ruff, "check", "--select", "E,F", "--no-cache", "--quiet", "--exit-zero", str(folder)])
            print(f"ruff check E,F       {ruff_seconds:8.2f} s   gradfix/ruff = {seconds / ruff_seconds:.2f}")
        else:
            print("ruff                 not installed (pip install ruff) - no comparison")
        per_rule = Counter(f["code"] for f in findings)
        print(f"findings per rule    {dict(sorted(per_rule.items())) or 'none'}")
        print(f"crashes              {len(crashes)}")
        print(f"unreadable/syntax    {len(errors) - len(crashes)}")
        for finding in findings:
            print(f"  {finding['filename']}:{finding['location']['row']}: {finding['code']} {finding['message']}")
        for line in crashes:
            print(f"  {line}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--packages", nargs="*", default=["tensorflow", "keras", "tf_keras"])
    args = parser.parse_args()
    single_file(args.repeat)
    many_findings(args.repeat)
    packages(args.packages)


if __name__ == "__main__":
    main()
