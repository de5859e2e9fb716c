"""gradfix: find and fix gradient and variable mistakes in TensorFlow 2 training code.

    >>> from codemods import check, fix
    >>> findings = check(source)
    >>> result = fix(source, unsafe=True)   # result.source, result.fixed, result.remaining
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codemods.engine import FixResult, SourceError, apply_fix, check, fix, select_rules
    from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
    from codemods.notebook import CellError, NotebookCheck, NotebookError, NotebookFix, check_notebook, fix_notebook
    from codemods.rules import RULES, RULES_BY_CODE

# Loaded on first use: the command line imports submodules of this package, and a cached run
# never needs the engine or the rules.
_FROM_ENGINE = {"FixResult", "SourceError", "apply_fix", "check", "fix", "select_rules"}
_FROM_FINDINGS = {"Applicability", "Edit", "Finding", "Fix", "Position", "Range"}
_FROM_RULES = {"RULES", "RULES_BY_CODE"}
_FROM_NOTEBOOK = {"CellError", "NotebookCheck", "NotebookError", "NotebookFix", "check_notebook", "fix_notebook"}

__all__ = [
    "CellError",
    "NotebookCheck",
    "NotebookError",
    "NotebookFix",
    "check_notebook",
    "fix_notebook",
    "RULES",
    "RULES_BY_CODE",
    "Applicability",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "Position",
    "Range",
    "SourceError",
    "apply_fix",
    "check",
    "fix",
    "select_rules",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_ENGINE:
        from codemods import engine as module
    elif name in _FROM_FINDINGS:
        from codemods import findings as module
    elif name in _FROM_RULES:
        from codemods import rules as module
    elif name in _FROM_NOTEBOOK:
        from codemods import notebook as module
    else:
        raise AttributeError(f"module 'codemods' has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
