"""Fuzz gradfix with the properties of tests/test_properties.py, at any count.

    python scripts/fuzz.py --examples 10000 --seed 1 [--report fuzz-report.txt]

Draws mutated golden programs (any line endings) and hypothesmith programs spliced into
golden training code, checks every property on each, and keeps going after a failure so one
run counts every kind. Each distinct failure (property, finding code, crash site) is reduced
to a minimal reproduction by deleting lines while it still fails the same way, and written to
the report with the run's counts. Exit status 1 if any property failed.
"""

from __future__ import annotations

import argparse
import sys
import tokenize
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_properties import (  # noqa: E402
    Outcome,
    Violation,
    examine,
    golden_mutants,
    lines_with_endings,
    spliced_programs,
    tokens,
)

FAMILIES = {
    "golden mutants": golden_mutants(),
    "golden mutants (up to 6 mutations)": golden_mutants(max_mutations=6),
    "hypothesmith programs spliced into golden code": spliced_programs(),
}


@dataclass
class Tally:
    examples: int = 0
    families: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    fixed: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    violations: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    first: dict[tuple[str, str, str], tuple[Violation, str]] = field(default_factory=dict)

    def record(self, family: str, source: str, outcome: Outcome) -> None:
        self.examples += 1
        self.families[family] += 1
        self.facts["parse"] += outcome.parses
        self.facts["do not parse"] += not outcome.parses
        self.facts["raise SourceError in check"] += outcome.source_error
        self.facts["have findings"] += bool(outcome.findings)
        self.facts["are changed by fix --unsafe-fixes"] += outcome.changed
        self.facts["break a property"] += bool(outcome.violations)
        self.findings.update(outcome.findings)
        self.fixed.update(outcome.fixed)
        self.failed.update(outcome.failed)
        for violation in {v.signature: v for v in outcome.violations}.values():
            self.violations[violation.signature] += 1
            self.first.setdefault(violation.signature, (violation, source))


def reduce(source: str, signature: tuple[str, str, str], budget: float) -> str:
    """Delete lines (halves, quarters, ... single lines) while `source` still fails the same way."""
    deadline = time.monotonic() + budget

    def fails(candidate: list[str]) -> bool:
        return any(v.signature == signature for v in examine("".join(candidate)).violations)

    for simpler in (_only_lf(source), _without_comments(source)):
        if simpler != source and fails([simpler]):
            source = simpler
    lines = [content + ending for content, ending in lines_with_endings(source)]
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        index, progress = 0, False
        while index < len(lines) and time.monotonic() < deadline:
            candidate = lines[:index] + lines[index + chunk :]
            if candidate and fails(candidate):
                lines, progress = candidate, True
            else:
                index += chunk
        if not progress:
            chunk //= 2
    return "".join(lines)


def _only_lf(source: str) -> str:
    return source.replace("\r\n", "\n").replace("\r", "\n")


def _without_comments(source: str) -> str:
    """`source` without its comments (the reduction keeps it only if it still fails)."""
    found = tokens(source)
    if found is None:
        return source
    lines = [content + ending for content, ending in lines_with_endings(source)]
    for token in reversed([t for t in found if t.type == tokenize.COMMENT]):
        row, column = token.start[0] - 1, token.start[1]
        content = lines[row].rstrip("\r\n")
        lines[row] = content[:column].rstrip(" \t") + lines[row][len(content) :]
    return "".join(lines)


def run(examples: int, seed_value: int, tally: Tally, progress_every: int) -> None:
    started = time.monotonic()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(seed_value)
    @given(st.sampled_from(sorted(FAMILIES)).flatmap(lambda name: st.tuples(st.just(name), FAMILIES[name])))
    def one(case: tuple[str, str]) -> None:
        family, source = case
        tally.record(family, source, examine(source))
        if progress_every and tally.examples % progress_every == 0:
            print(f"{tally.examples} examples, {time.monotonic() - started:.0f} s, "
                  f"{len(tally.violations)} kinds of failure", file=sys.stderr, flush=True)

    one()


def report(tally: Tally, args: argparse.Namespace, elapsed: float, reductions: dict) -> str:
    out = [f"gradfix fuzz: {tally.examples} examples, seed {args.seed}, {elapsed:.0f} s"]
    out += [f"  {count:6d} from {family}" for family, count in sorted(tally.families.items())]
    out.append("inputs that:")
    out += [f"  {count:6d} {fact}" for fact, count in tally.facts.items()]
    counters = (("findings", tally.findings), ("fixes applied", tally.fixed), ("fixes dropped (failed)", tally.failed))
    for title, counter in counters:
        out.append(f"{title} by code: " + (", ".join(f"{c} {n}" for c, n in sorted(counter.items())) or "none"))
    out.append(f"distinct failures: {len(tally.violations)}")
    for number, (signature, count) in enumerate(tally.violations.most_common(), start=1):
        violation, source = tally.first[signature]
        minimal = reductions.get(signature, source)
        out += [
            "",
            f"== {number}. {violation} ({count} examples)",
            f"minimal reproduction ({len(lines_with_endings(minimal))} lines;"
            f" first seen with {len(lines_with_endings(source))}):",
            f"source = {minimal!r}",
            "-- as text --",
            minimal,
        ]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", type=Path, default=ROOT / "build" / "fuzz-report.txt")
    parser.add_argument("--reduce-seconds", type=float, default=60.0, help="time to reduce each failure")
    parser.add_argument("--progress", type=int, default=500, help="print a line every N examples (0: never)")
    args = parser.parse_args()

    tally, started = Tally(), time.monotonic()
    run(args.examples, args.seed, tally, args.progress)
    elapsed = time.monotonic() - started
    reductions = {sig: reduce(source, sig, args.reduce_seconds) for sig, (_, source) in tally.first.items()}
    text = report(tally, args, elapsed, reductions)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8", newline="")
    summary = text.split("\ndistinct failures:")[0]
    print(summary)
    print(f"distinct failures: {len(tally.violations)}; report: {args.report}")
    return 1 if tally.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
