"""The golden files are the specification: each before reports exactly its codes and is
fixed into its after byte for byte; afters and near-misses report nothing and stay as they
are; fixing is idempotent. Notebooks go through the notebook API, the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods import Finding, check, check_notebook, fix, fix_notebook
from tests.golden_cases import Pair, case_id, expectation, is_notebook, pairs, unfixable, untouched

PAIRS = pairs()
UNTOUCHED = untouched()
UNFIXABLE = unfixable()


def _check(path: Path, source: str) -> list[Finding]:
    if not is_notebook(path):
        return check(source)
    result = check_notebook(source)
    assert result.errors == []
    return result.findings


def _fix(path: Path, source: str) -> tuple[str, list[Finding]]:
    """The fixed text, and the fixes that failed."""
    if not is_notebook(path):
        result = fix(source, unsafe=True)
        return result.source, result.failed
    fixed = fix_notebook(source, unsafe=True)
    assert fixed.errors == []
    return fixed.text, fixed.failed


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_before_reports_exactly_its_codes(pair: Pair) -> None:
    expected = expectation(pair.before).codes
    found = tuple(sorted(f.code for f in _check(pair.before, pair.before.read_text(encoding="utf-8"))))
    assert found == expected


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_fix_turns_before_into_after(pair: Pair) -> None:
    fixed, failed = _fix(pair.before, pair.before.read_text(encoding="utf-8"))
    assert failed == []
    assert fixed == pair.after.read_text(encoding="utf-8")


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_after_is_clean_and_fix_is_idempotent(pair: Pair) -> None:
    after = pair.after.read_text(encoding="utf-8")
    assert _check(pair.after, after) == []
    assert _fix(pair.after, after)[0] == after


@pytest.mark.parametrize("path", UNTOUCHED, ids=[case_id(p) for p in UNTOUCHED])
def test_near_miss_is_left_alone(path) -> None:
    source = path.read_text(encoding="utf-8")
    assert _check(path, source) == []
    assert _fix(path, source)[0] == source


@pytest.mark.parametrize("path", UNFIXABLE, ids=[case_id(p) for p in UNFIXABLE])
def test_before_without_after_is_reported_with_no_fix(path) -> None:
    source = path.read_text(encoding="utf-8")
    findings = _check(path, source)
    assert tuple(sorted(f.code for f in findings)) == expectation(path).codes
    assert [f for f in findings if f.fix is not None] == []
    assert _fix(path, source)[0] == source
