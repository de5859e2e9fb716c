"""The golden files are the specification: each before reports exactly its codes and is
fixed into its after byte for byte; afters and near-misses report nothing and stay as they
are; fixing is idempotent."""

from __future__ import annotations

import pytest

from codemods import check, fix
from tests.golden_cases import Pair, case_id, expectation, pairs, untouched

PAIRS = pairs()
UNTOUCHED = untouched()


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_before_reports_exactly_its_codes(pair: Pair) -> None:
    expected = expectation(pair.before).codes
    found = tuple(sorted(f.code for f in check(pair.before.read_text(encoding="utf-8"))))
    assert found == expected


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_fix_turns_before_into_after(pair: Pair) -> None:
    result = fix(pair.before.read_text(encoding="utf-8"), unsafe=True)
    assert result.failed == []
    assert result.source == pair.after.read_text(encoding="utf-8")


@pytest.mark.parametrize("pair", PAIRS, ids=[p.id for p in PAIRS])
def test_after_is_clean_and_fix_is_idempotent(pair: Pair) -> None:
    after = pair.after.read_text(encoding="utf-8")
    assert check(after) == []
    assert fix(after, unsafe=True).source == after


@pytest.mark.parametrize("path", UNTOUCHED, ids=[case_id(p) for p in UNTOUCHED])
def test_near_miss_is_left_alone(path) -> None:
    source = path.read_text(encoding="utf-8")
    assert check(source) == []
    assert fix(source, unsafe=True).source == source
