"""gradfix: find and fix gradient and variable mistakes in TensorFlow 2 training code.

    >>> from codemods import check, fix
    >>> findings = check(source)
    >>> result = fix(source, unsafe=True)   # result.source, result.fixed, result.remaining
    >>> check_notebook(notebook_json).findings  # each with its `cell`
    >>> fix_notebook(notebook_json, unsafe=True).text
"""

from codemods.engine import FixResult, SourceError, apply_fix, check, fix, select_rules
from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
from codemods.notebook import CellError, NotebookCheck, NotebookError, NotebookFix, check_notebook, fix_notebook
from codemods.rules import RULES, RULES_BY_CODE

__all__ = [
    "RULES",
    "RULES_BY_CODE",
    "Applicability",
    "CellError",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "NotebookCheck",
    "NotebookError",
    "NotebookFix",
    "Position",
    "Range",
    "SourceError",
    "apply_fix",
    "check",
    "check_notebook",
    "fix",
    "fix_notebook",
    "select_rules",
]
