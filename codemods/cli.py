"""The `gradfix` command line (conventions as in Ruff).

Exit codes: 0 nothing found (or everything fixed), 1 findings remain (or `--diff` would
change something), 2 usage or input error (reported, after every other path was checked),
130 interrupted.
"""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from codemods import output
from codemods.engine import select_rules
from codemods.files import PathError, discover
from codemods.rules import RULES, RULES_BY_CODE
from codemods.runner import FileError, FileReport, Mode, Options, run

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


PathsArgument = Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the current folder).")]
SelectOption = Annotated[list[str] | None, typer.Option(help="Only these rule codes or prefixes (comma-separated or repeated).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Skip these rule codes or prefixes.")]


def _codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())
    unknown = [code for code in codes if not any(rule.code.startswith(code) for rule in RULES)]
    if unknown:
        stderr.print(f"error: unknown rule code {', '.join(unknown)} (see `gradfix rules`)")
        raise typer.Exit(2)
    return codes


def _options(mode: Mode, unsafe: bool, select: list[str] | None, ignore: list[str] | None) -> Options:
    options = Options(mode, unsafe, _codes(select), _codes(ignore) or ())
    if options.select == ():
        stderr.print("error: --select is empty, so no rule would run: name a rule code or prefix (see `gradfix rules`)")
        raise typer.Exit(2)
    if not select_rules(options.select, options.ignore):
        stderr.print("error: --ignore leaves no rule selected")
        raise typer.Exit(2)
    return options


def _reports(paths: list[Path] | None, options: Options) -> list[FileReport]:
    """A report for every file found and every path that could not be checked, in order.
    On Ctrl-C, says which files were already written and exits with 130."""
    reports: list[FileReport] = []
    try:
        found = discover(paths or [Path(".")])
        checked = run([item for item in found if not isinstance(item, PathError)], options)
        for item in found:
            reports.append(FileReport(item.path, error=FileError(item.message)) if isinstance(item, PathError) else next(checked))
        next(checked, None)  # let the run finish (and its worker processes stop)
    except KeyboardInterrupt:
        written = [report.path for report in reports if report.written]
        stderr.print(output.interrupted(written) if options.mode is Mode.FIX else "Interrupted.", markup=False)
        raise typer.Exit(130) from None
    return reports


def _report_errors(reports: list[FileReport]) -> tuple[int, int]:
    """Print every error; return how many paths could not be checked, and how many files
    could not be written."""
    unchecked = unwritten = 0
    for report in reports:
        if report.error is not None:
            stderr.print(output.error_line(report), markup=False)
            unwritten += report.error.unwritten
            unchecked += not report.error.unwritten
    return unchecked, unwritten


@app.command()
def check(
    paths: PathsArgument = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", help="text or json.")] = OutputFormat.text,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Count unsafe fixes as fixable.")] = False,
) -> None:
    """Report problems; change nothing."""
    options = _options(Mode.CHECK, unsafe_fixes, select, ignore)
    reports = _reports(paths, options)
    unchecked, _ = _report_errors(reports)
    findings = [(report.path, finding) for report in reports for finding in report.findings]
    if output_format is OutputFormat.json:
        stdout.out(output.findings_json(reports), highlight=False)
    else:
        for path, finding in findings:
            stdout.print(output.finding_line(path, finding, finding.fixable(unsafe_fixes)))
        fixable = sum(finding.fixable(unsafe_fixes) for _, finding in findings)
        hidden = sum(finding.fixable(True) for _, finding in findings) - fixable
        stdout.print(output.summary(len(findings), fixable, hidden, unchecked=unchecked), markup=False)
    raise typer.Exit(2 if unchecked else 1 if findings else 0)


@app.command()
def fix(
    paths: PathsArgument = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a unified diff; write nothing.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
) -> None:
    """Apply fixes (safe ones unless --unsafe-fixes), to a fixed point, writing files in place."""
    options = _options(Mode.DIFF if diff else Mode.FIX, unsafe_fixes, select, ignore)
    reports = _reports(paths, options)
    unchecked, unwritten = _report_errors(reports)
    for report in reports:
        for finding in dict.fromkeys(report.failed):  # once each, in order
            start = finding.range.start
            stderr.print(
                f"{report.path}:{start.line}:{start.column + 1}: {finding.code} fix not applied: "
                "its result did not parse or did not converge",
                markup=False,
            )
    had_errors = bool(unchecked or unwritten)
    if diff:
        changed = [report for report in reports if report.fixed_source is not None]
        for report in changed:
            output.print_diff(stdout, output.unified_diff(report.path, report.original or "", report.fixed_source or ""))
        fixed = sum(len(report.fixed) for report in changed)
        line = f"Would fix {output.count(fixed, 'problem')} in {output.count(len(changed), 'file')}."
        if unchecked:
            line += f" {output.count(unchecked, 'path')} could not be checked."
        stderr.print(line, markup=False)
        raise typer.Exit(2 if had_errors else 1 if changed else 0)
    remaining = [(report.path, finding) for report in reports for finding in report.findings]
    for path, finding in remaining:
        stdout.print(output.finding_line(path, finding, False))
    fixed = sum(len(report.fixed) for report in reports)
    hidden = sum(finding.fixable(True) and not finding.fixable(unsafe_fixes) for _, finding in remaining)
    # Fixes that would apply but did not (they broke the file or did not converge).
    unapplied = sum(finding.fixable(unsafe_fixes) for report in reports if report.error is None for finding in report.findings)
    stdout.print(
        output.summary(len(remaining), 0, hidden, fixed, unapplied=unapplied, unchecked=unchecked, unwritten=unwritten),
        markup=False,
    )
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


def main() -> None:
    app()
