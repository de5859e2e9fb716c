"""`# noqa` suppression comments: reading them, and adding one for a finding.

The grammar is Ruff's: `# noqa` alone suppresses everything on its line; `# noqa: GF001,
GF003` (codes separated by commas and/or spaces, whitespace allowed around the colon)
suppresses those codes. Anything else that starts `# noqa` (`# noqa-GF002`, `# noqa:` with
no code) is malformed: it suppresses nothing and is reported as a warning. Only real comments
count (`source.comment_tokens`), so `"# noqa"` inside a string suppresses nothing; they are
read only for files that mention `noqa` at all.
"""

from __future__ import annotations

import re
import tokenize
from dataclasses import dataclass

from codemods.findings import Edit, Position, Range
from codemods.source import comment_tokens

_DIRECTIVE = re.compile(r"#\s*noqa(?=$|[\s:#])", re.IGNORECASE)
_CODES = re.compile(r"\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:(?:\s*,\s*|\s+)[A-Z]+[0-9]+)*)", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)
# A physical line with its break, as Python (and `source.physical_lines`) counts them.
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class Directive:
    line: int
    start: int  # column of the `#` that starts the directive, in the line
    end: int  # column just past the directive (its last code, or `noqa`)
    codes: frozenset[str] | None  # None: a blanket `# noqa`


@dataclass(frozen=True)
class Malformed:
    line: int
    text: str  # the comment


@dataclass
class Suppressions:
    directives: dict[int, Directive]
    malformed: list[Malformed]

    def suppresses(self, line: int, code: str) -> bool:
        directive = self.directives.get(line)
        if directive is None:
            return False
        return directive.codes is None or code.upper() in directive.codes


NONE = Suppressions({}, [])


def parse(text: str) -> Suppressions:
    """Every `# noqa` directive in `text`'s comments, by line."""
    if "noqa" not in text.lower():
        return NONE
    found = Suppressions({}, [])
    for line, column, comment in _comments(text):
        directive = parse_comment(comment, line, column)
        if isinstance(directive, Directive):
            found.directives[line] = directive
        elif isinstance(directive, Malformed):
            found.malformed.append(directive)
    return found


def parse_comment(comment: str, line: int = 1, column: int = 0) -> Directive | Malformed | None:
    """The directive in one comment (`comment` starts with `#`), if it holds one."""
    for match in re.finditer(r"#", comment):
        head = _DIRECTIVE.match(comment, match.start())
        if head is None:
            if re.match(r"#\s*noqa", comment[match.start() :], re.IGNORECASE):
                return Malformed(line, comment)  # `# noqa-GF002`, `# noqaGF002`
            continue
        rest = comment[head.end() :]
        codes = _CODES.match(rest)
        if codes is not None:
            names = frozenset(code.upper() for code in _CODE.findall(codes.group("codes")))
            return Directive(line, column + match.start(), column + head.end() + codes.end(), names)
        if rest.lstrip().startswith(":"):
            return Malformed(line, comment)  # `# noqa:` without a code
        return Directive(line, column + match.start(), column + head.end(), None)
    return None


def suppression_edit(text: str, line: int, code: str) -> Edit | None:
    """An edit that makes `line` suppress `code`: extends its `# noqa: ...` or adds
    `  # noqa: CODE` at the end of the line. None if the line already suppresses `code`, or
    if its end is not a place a comment can go (inside a string, after a backslash).
    Reads the text only up to `line` (an editor asks this for one line of a long file)."""
    if line < 1:
        return None
    body, comment, in_string = _read_through(text, line)
    if body is None:
        return None
    directive = parse_comment(comment[1], line, comment[0]) if comment is not None else None
    if isinstance(directive, Directive):
        if directive.codes is None or code.upper() in directive.codes:
            return None
        where = Position(line, directive.end)
        return Edit(Range(where, where), f", {code.upper()}")
    stripped = body.rstrip()
    if not stripped or stripped.endswith("\\") or in_string:
        return None
    return Edit(Range(Position(line, len(stripped)), Position(line, len(body))), f"  # noqa: {code.upper()}")


def _read_through(text: str, line: int) -> tuple[str | None, tuple[int, str] | None, bool]:
    """One tokenize pass over `text` that stops after `line`: that line without its break
    (None if the text is shorter), its comment (column, text) if it has one, and whether its
    end lies inside a multi-line string."""
    physical = (match.group() for match in _PHYSICAL_LINE.finditer(text))
    read: list[str] = []  # how many lines were read, and the one asked for

    def readline() -> str:
        chunk = next(physical, "")
        if chunk:
            read.append(chunk if len(read) + 1 == line else "")
        return chunk

    comment, in_string = None, False
    strings = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)}
    try:
        for token in tokenize.generate_tokens(readline):
            if token.start[0] > line:
                break
            if token.type == tokenize.COMMENT and token.start[0] == line:
                comment = (token.start[1], token.string)
            elif token.type in strings and token.start[0] <= line < token.end[0]:
                in_string = True
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # the file parsed with `ast`; what was read so far stands
    while len(read) < line and readline():
        pass  # the tokenizer stopped early: find the line itself
    return (read[line - 1].rstrip("\r\n") if len(read) >= line else None), comment, in_string


def _comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of each comment token; columns in characters."""
    return comment_tokens(text)
