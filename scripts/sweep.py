"""Sweep a folder of real code: `check` and `fix --unsafe-fixes --diff`, in-process.

    python scripts/sweep.py /work/corpus/pkgs [--show] [--jobs 2] [--save findings.json]

Prints how many files and lines were read, findings per rule, crashes (internal errors)
and fixes whose output would not parse. `--show` lists each finding with a few lines of
context, for judging it by hand. Notebooks (`.ipynb`) are swept as their code cells joined,
IPython lines masked as gradfix masks them (cells of other languages left out).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codemods import engine, notebook  # noqa: E402


@dataclass
class Result:
    path: str
    lines: int = 0
    findings: list[dict] = field(default_factory=list)
    crash: str | None = None
    unparsable: list[str] = field(default_factory=list)  # fixes whose output did not parse
    syntax_error: str | None = None


def notebook_source(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    chunks = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        python = notebook.python_cell("".join(source) if isinstance(source, list) else source)
        if python is not None:  # IPython lines masked as gradfix masks them; other cell magics left out
            chunks.append(python.rstrip("\n"))
    return "\n\n".join(chunks) + "\n"


def read(path: Path) -> str:
    if path.suffix == ".ipynb":
        return notebook_source(path)
    return path.read_text(encoding="utf-8", errors="replace")


def sweep_file(path: Path) -> Result:
    result = Result(str(path))
    try:
        text = read(path)
    except (OSError, ValueError) as error:
        result.syntax_error = f"unreadable: {error}"
        return result
    result.lines = text.count("\n")
    try:
        findings = engine.check(text)
        fixed = engine.fix(text, unsafe=True)
    except engine.SourceError as error:
        result.syntax_error = str(error)
        return result
    except Exception:  # noqa: BLE001 - a crash is what we are looking for
        result.crash = traceback.format_exc(limit=-3)
        return result
    lines = text.splitlines()
    for finding in findings:
        start = max(finding.line - 3, 0)
        context = "\n".join(f"{n + 1:5} {lines[n]}" for n in range(start, min(finding.line + 2, len(lines))))
        result.findings.append(
            {"code": finding.code, "line": finding.line, "message": finding.message,
             "fixable": finding.fix is not None, "context": context}
        )
    result.unparsable = [f"{f.code} line {f.line}: {f.message}" for f in fixed.failed]
    if fixed.source != text:
        try:
            ast.parse(fixed.source)
        except SyntaxError as error:
            result.unparsable.append(f"final output: {error}")
    return result


def discover(roots: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
            continue
        for directory, dirnames, filenames in os.walk(root):
            dirnames.sort()
            found.extend(Path(directory, n) for n in sorted(filenames) if n.endswith((".py", ".ipynb")))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="list each finding with context")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--save", type=Path, help="write every finding as JSON")
    args = parser.parse_args()
    paths = discover(args.roots)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(sweep_file, paths, chunksize=32))
    per_rule: Counter[str] = Counter()
    for result in results:
        per_rule.update(f["code"] for f in result.findings)
        if args.show:
            for finding in result.findings:
                mark = " [fix]" if finding["fixable"] else ""
                print(f"{result.path}:{finding['line']}: {finding['code']}{mark} {finding['message']}")
                print(finding["context"])
                print()
    crashes = [r for r in results if r.crash]
    unparsable = [r for r in results if r.unparsable]
    syntax = [r for r in results if r.syntax_error]
    print(f"files: {len(results)}  lines: {sum(r.lines for r in results)}  findings: {sum(per_rule.values())}")
    for code in sorted(per_rule):
        print(f"  {code}: {per_rule[code]}")
    print(f"crashes: {len(crashes)}  unparsable fix outputs: {len(unparsable)}  files that do not parse: {len(syntax)}")
    for result in crashes:
        print(f"CRASH {result.path}\n{result.crash}")
    for result in unparsable:
        for line in result.unparsable:
            print(f"UNPARSABLE {result.path}: {line}")
    if args.save:
        args.save.write_text(json.dumps([r.__dict__ for r in results if r.findings or r.crash or r.unparsable], indent=1))


if __name__ == "__main__":
    main()
