"""The `gradfix` command line (conventions as in Ruff).

Exit codes: 0 nothing found (or everything fixed), 1 findings remain (or `--diff` would
change something), 2 usage or input error.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from codemods import output
from codemods.files import discover
from codemods.rules import RULES, RULES_BY_CODE
from codemods.runner import FileReport, Mode, Options, run

app = typer.Typer(
    name="gradfix",
    help="Find and fix gradient and variable mistakes in TensorFlow 2 training code.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


PathsArgument = Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: the current folder).")]
SelectOption = Annotated[Optional[list[str]], typer.Option(help="Only these rule codes or prefixes (comma-separated or repeated).")]
IgnoreOption = Annotated[Optional[list[str]], typer.Option(help="Skip these rule codes or prefixes.")]


def _codes(values: Optional[list[str]]) -> Optional[tuple[str, ...]]:
    if values is None:
        return None
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())
    unknown = [code for code in codes if not any(rule.code.startswith(code) for rule in RULES)]
    if unknown:
        stderr.print(f"error: unknown rule code {', '.join(unknown)} (see `gradfix rules`)")
        raise typer.Exit(2)
    return codes


def _files(paths: Optional[list[Path]]) -> list[Path]:
    paths = paths or [Path(".")]
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            stderr.print(f"error: {path}: no such file or folder")
        raise typer.Exit(2)
    return list(discover(paths))


def _report_errors(reports: list[FileReport]) -> bool:
    errors = [report for report in reports if report.error is not None]
    for report in errors:
        stderr.print(output.error_line(report), markup=False)
    return bool(errors)


@app.command()
def check(
    paths: PathsArgument = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", help="text or json.")] = OutputFormat.text,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Count unsafe fixes as fixable.")] = False,
) -> None:
    """Report problems; change nothing."""
    options = Options(Mode.CHECK, unsafe_fixes, _codes(select), _codes(ignore) or ())
    reports = list(run(_files(paths), options))
    had_errors = _report_errors(reports)
    findings = [(report.path, finding) for report in reports for finding in report.findings]
    if output_format is OutputFormat.json:
        stdout.out(output.findings_json(reports), highlight=False)
    else:
        for path, finding in findings:
            stdout.print(output.finding_line(path, finding, finding.fixable(unsafe_fixes)))
        fixable = sum(finding.fixable(unsafe_fixes) for _, finding in findings)
        hidden = sum(finding.fixable(True) for _, finding in findings) - fixable
        stdout.print(output.summary(len(findings), fixable, hidden))
    raise typer.Exit(2 if had_errors else 1 if findings else 0)


@app.command()
def fix(
    paths: PathsArgument = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a unified diff; write nothing.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
) -> None:
    """Apply fixes (safe ones unless --unsafe-fixes), to a fixed point, writing files in place."""
    options = Options(Mode.DIFF if diff else Mode.FIX, unsafe_fixes, _codes(select), _codes(ignore) or ())
    reports = list(run(_files(paths), options))
    had_errors = _report_errors(reports)
    for report in reports:
        for finding in report.failed:
            stderr.print(f"{report.path}:{finding.line}: {finding.code} fix not applied: its result did not parse or did not converge", markup=False)
    if diff:
        changed = [report for report in reports if report.fixed_source is not None]
        for report in changed:
            output.print_diff(stdout, output.unified_diff(report.path, report.original or "", report.fixed_source or ""))
        fixed = sum(len(report.fixed) for report in changed)
        stderr.print(f"Would fix {fixed} problem{'s' if fixed != 1 else ''} in {len(changed)} file{'s' if len(changed) != 1 else ''}.")
        raise typer.Exit(2 if had_errors else 1 if changed else 0)
    remaining = [(report.path, finding) for report in reports for finding in report.findings]
    for path, finding in remaining:
        stdout.print(output.finding_line(path, finding, False))
    fixed = sum(len(report.fixed) for report in reports)
    hidden = sum(finding.fixable(True) for _, finding in remaining) if not unsafe_fixes else 0
    stdout.print(output.summary(len(remaining), 0, hidden, fixed))
    raise typer.Exit(2 if had_errors else 1 if remaining else 0)


@app.command("rules")
def list_rules() -> None:
    """List every rule."""
    if not stdout.is_terminal:
        for found in RULES:
            sys.stdout.write(f"{found.code}\t{found.name}\t{found.applicability.value}\t{found.summary}\n")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("Code", "Name", "Fix", "Summary"):
        table.add_column(column)
    for rule in RULES:
        table.add_row(rule.code, rule.name, rule.applicability.value, rule.summary)
    stdout.print(table)


@app.command()
def rule(code: Annotated[str, typer.Argument(help="A rule code, e.g. GF003.")]) -> None:
    """Print a rule's documentation."""
    found = RULES_BY_CODE.get(code.upper())
    if found is None:
        stderr.print(f"error: unknown rule {code} (see `gradfix rules`)")
        raise typer.Exit(2)
    text = f"# {found.code} {found.name}\n\nFix: {found.applicability.value}\n\n{found.documentation()}\n"
    if stdout.is_terminal:
        stdout.print(Markdown(text))
    else:
        sys.stdout.write(text)


@app.command()
def lsp() -> None:
    """Start the language server on standard input/output (for editors)."""
    from codemods.lsp import serve

    serve()


def main() -> None:
    app()
