"""The rule registry holds itself together: unique codes, documentation in Ruff's sections,
a module and a golden folder per rule, and a README table generated from the rules."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from codemods.docs import SECTIONS, with_rules_table
from codemods.rules import RULES
from tests.golden_cases import GOLDEN, rule_folders

ROOT = Path(__file__).resolve().parent.parent
MIN_PAIRS, MIN_UNTOUCHED = 5, 3
SHARED_FOLDERS = {"mixed", "notebooks"}  # golden cases that combine several rules, or are notebooks


def test_codes_are_unique_well_formed_and_in_order() -> None:
    codes = [rule.code for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"GF\d{3}", code) for code in codes)
    assert codes == sorted(codes)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_in_ruff_sections(rule) -> None:
    doc = rule.documentation()
    positions = [doc.find(section) for section in SECTIONS]
    assert all(p >= 0 for p in positions), f"{rule.code} lacks a section of {SECTIONS}"
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    assert "```python" in doc
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary and rule.fix_title and rule.tokens


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_lives_in_its_own_module(rule) -> None:
    module = Path(inspect.getfile(type(rule)))
    assert module.name == f"{rule.code.lower()}_{rule.name.replace('-', '_')}.py"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_has_enough_golden_cases(rule) -> None:
    folder = GOLDEN / f"{rule.code}_{rule.name.replace('-', '_')}"
    assert folder.is_dir(), f"missing {folder}"
    befores = sorted(folder.glob("*.before.py"))
    # (a before with no after is a bug reported with no fix; it does not count as a pair)
    fixed = [b for b in befores if b.with_name(b.name.replace(".before.py", ".after.py")).is_file()]
    assert len(fixed) >= MIN_PAIRS
    assert len(list(folder.glob("*.ok.py"))) >= MIN_UNTOUCHED


def test_every_golden_folder_belongs_to_a_rule() -> None:
    expected = {f"{r.code}_{r.name.replace('-', '_')}" for r in RULES} | SHARED_FOLDERS
    assert {p.name for p in rule_folders()} <= expected
    programs = [*GOLDEN.rglob("*.py"), *GOLDEN.rglob("*.ipynb")]
    stray = [p for p in programs if not p.name.endswith((".before.py", ".after.py", ".ok.py", ".before.ipynb", ".after.ipynb", ".ok.ipynb"))]
    assert stray == []


def test_readme_rule_table_is_generated_from_the_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_rules_table(readme) == readme, "run: python scripts/update_readme.py"


def test_ci_runs_the_readmes_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0].strip() for block in readme.split("```sh\n")[1:]]
    setup = [block for block in blocks if "\n" not in block][:2]
    assert len(setup) == 2 and "gradfix fix --diff" in setup[0] and setup[0].endswith("golden/")
    assert setup[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_codes_read_from_module_names_match_the_registry() -> None:
    from codemods.codes import CODES, selected
    from codemods.engine import select_rules

    assert CODES == tuple(rule.code for rule in RULES)
    for select, ignore in [(None, ()), (("GF00",), ("GF003",)), (("GF01",), ()), (("GF016",), ("GF0",))]:
        assert selected(select, ignore) == tuple(rule.code for rule in select_rules(select, ignore))
