"""gradfix: find and fix gradient and variable mistakes in TensorFlow 2 training code.

    >>> from codemods import check, fix
    >>> findings = check(source)
    >>> result = fix(source, unsafe=True)   # result.source, result.fixed, result.remaining
"""

from codemods.engine import FixResult, SourceError, apply_fix, check, fix, select_rules
from codemods.findings import Applicability, Edit, Finding, Fix, Position, Range
from codemods.rules import RULES, RULES_BY_CODE

__all__ = [
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
