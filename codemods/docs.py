"""Documentation generated from the rules themselves (their docstrings and attributes)."""

from __future__ import annotations

from codemods.rules import RULES, RULES_BY_CODE

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety")
TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"
REPOSITORY = "https://github.com/gradfix/gradfix"


def rule_url(code: str) -> str:
    """Where a rule's documentation is read on the web: its module, whose docstring it is."""
    module = type(RULES_BY_CODE[code]).__module__.rsplit(".", 1)[-1]
    return f"{REPOSITORY}/blob/main/codemods/rules/{module}.py"


def rules_table() -> str:
    """The README's rule table, in Markdown."""
    rows = ["| Code | Name | Fix | What it finds |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        rows.append(f"| {rule.code} | {rule.name} | {rule.applicability.value} | {rule.summary} |")
    return "\n".join(rows)


def with_rules_table(readme: str) -> str:
    """`readme` with the text between the table markers replaced by `rules_table()`."""
    head, start, rest = readme.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError(f"README has no {TABLE_START} ... {TABLE_END} markers")
    return f"{head}{TABLE_START}\n{rules_table()}\n{TABLE_END}{tail}"
