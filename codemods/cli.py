"""The `gradfix` command line (conventions as in Ruff).

Exit codes: 0 nothing found (or everything fixed), 1 findings remain (or `--diff` would
change something), 2 usage or input error (reported, after every other path was checked),
130 interrupted.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from codemods import output, typer_fast
from codemods.config import OUTPUT_FORMATS, ConfigError, Settings, find, load
from codemods.codes import known, selected
from codemods.files import EXCLUDED_DIRS, Exclusion, PathError, Target, discover
from codemods.runner import FileError, FileReport, Mode, Options, run

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="gradfix",
    help="Find and fix gradient and variable mistakes in TensorFlow 2 training code.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
stdout = output.LazyConsole()
stderr = output.LazyConsole(stderr=True)

def _rich(console: object) -> Console:
    """The rich Console behind `stdout` or `stderr` (a test may have put a Console there)."""
    return getattr(console, "rich", console)  # type: ignore[return-value]


# Runs over more files than this show a progress bar (on a terminal, without --quiet).
PROGRESS_THRESHOLD = 50

OutputFormat = Enum("OutputFormat", {name: name for name in OUTPUT_FORMATS}, type=str)  # type: ignore[misc]

PathsArgument = Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the current folder).")]
SelectOption = Annotated[list[str] | None, typer.Option(help="Only these rule codes or prefixes (comma-separated or repeated).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Skip these rule codes or prefixes.")]
FilesFromOption = Annotated[
    list[Path] | None,
    typer.Option("--files-from", help="Read more paths, one a line, from FILE (`-`: standard input).", metavar="FILE"),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this gradfix.toml or pyproject.toml.", metavar="FILE")
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")]
FormatOption = Annotated[
    OutputFormat | None,  # type: ignore[valid-type]
    typer.Option("--output-format", help="text, json, sarif, github, junit or concise (default: text)."),
]
StatisticsOption = Annotated[bool, typer.Option("--statistics", help="Print counts per rule instead of each finding.")]
ReportOption = Annotated[
    Path | None,
    typer.Option("--report", help="Write a migration report: Markdown, or JSON for a .json name.", metavar="FILE"),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print findings and errors only.")]
ForceExcludeOption = Annotated[
    bool, typer.Option("--force-exclude", help="Apply exclude patterns to files named explicitly too (pre-commit).")
]


def _codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())
    unknown = [code for code in codes if not known(code)]
    if unknown:
        stderr.print(f"error: unknown rule code {', '.join(unknown)} (see `gradfix rules`)")
        raise typer.Exit(2)
    return codes


def _settings(config: Path | None, isolated: bool) -> Settings:
    """The configuration in force: `--config`, else none with `--isolated`, else the nearest
    file from the current folder up (as Ruff)."""
    if config is not None and isolated:
        stderr.print("error: --config and --isolated cannot be used together")
        raise typer.Exit(2)
    try:
        if config is not None:
            if not config.is_file():
                raise ConfigError(f"{config}: no such file")
            return load(config)
        return Settings() if isolated else load(find(Path.cwd()))
    except ConfigError as error:
        stderr.print(f"error: {error}", markup=False)
        raise typer.Exit(2) from None


def _options(
    mode: Mode, unsafe: bool | None, select: list[str] | None, ignore: list[str] | None, settings: Settings
) -> Options:
    """Command-line flags override the configuration: `--select` replaces `select`, `--ignore`
    replaces `ignore`, `--[no-]unsafe-fixes` replaces `unsafe-fixes`."""
    chosen = _codes(select)
    ignored = _codes(ignore)
    options = Options(
        mode,
        settings.unsafe_fixes if unsafe is None else unsafe,
        settings.select if chosen is None else chosen,
        settings.ignore if ignored is None else ignored,
        project_root=str(_project_root(settings)),
    )
    if options.select == ():
        stderr.print("error: --select is empty, so no rule would run: name a rule code or prefix (see `gradfix rules`)")
        raise typer.Exit(2)
    if not selected(options.select, options.ignore):
        stderr.print("error: --ignore leaves no rule selected")
        raise typer.Exit(2)
    return options


def _paths(paths: list[Path] | None, files_from: list[Path] | None) -> list[Path]:
    """PATH arguments, then the paths listed in each `--files-from` file; the current folder
    when neither is given (an empty list from --files-from checks nothing)."""
    found = list(paths or [])
    for source in files_from or []:
        try:
            text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            stderr.print(f"error: {source}: cannot read: {getattr(error, 'strerror', None) or error}", markup=False)
            raise typer.Exit(2) from None
        found.extend(Path(line.strip()) for line in text.splitlines() if line.strip())
    if not found and not files_from:
        found.append(Path("."))
    return found


def _project_root(settings: Settings) -> Path:
    """Where `.gradfix_cache/` lives: the configuration file's folder, else the nearest folder
    with a `.git`, else the current folder."""
    if settings.path is not None:
        return settings.path.parent.resolve()
    here = Path.cwd()
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), here)


def _exclusion(settings: Settings, force: bool) -> Exclusion:
    patterns = settings.exclude_patterns
    return Exclusion(
        folder_names=frozenset() if settings.exclude is not None else EXCLUDED_DIRS,
        excluded=settings.excluded if patterns else None,
        force=force,
    )


def _per_file_ignores(targets: list[Target], settings: Settings) -> list[tuple[str, ...]] | None:
    if not settings.per_file_ignores:
        return None
    return [settings.ignored_codes_for(target.path) for target in targets]


def _reports(
    paths: list[Path], options: Options, settings: Settings, *, cache: bool, quiet: bool, force_exclude: bool = False
) -> list[FileReport]:
    """A report for every file found and every path that could not be checked, in order.
    On Ctrl-C, says which files were already written and exits with 130."""
    reports: list[FileReport] = []
    try:
        found = discover(paths, _exclusion(settings, force_exclude))
        targets = [item for item in found if not isinstance(item, PathError)]
        ignores = _per_file_ignores(targets, settings)
        store = None
        if cache:
            from codemods.cache import Cache  # noqa: PLC0415 - only runs that use it pay for it

            store = Cache(_project_root(settings))
        with _progress(len(targets), quiet) as advance:
            checked = run(targets, options, ignores=ignores, cache=store, progress=advance)
            for item in found:
                if isinstance(item, PathError):
                    reports.append(FileReport(item.path, error=FileError(item.message)))
                else:
                    reports.append(next(checked))
        next(checked, None)  # let the run finish (save the cache, stop its worker processes)
    except KeyboardInterrupt:
        written = [report.path for report in reports if report.written]
        stderr.print(output.interrupted(written) if options.mode is Mode.FIX else "Interrupted.", markup=False)
        raise typer.Exit(130) from None
    return reports


class _progress:
    """A transient rich progress bar on stderr for long runs on a terminal; otherwise nothing."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.bar = None
        if total > PROGRESS_THRESHOLD and not quiet and stderr.is_terminal:
            from rich.progress import Progress  # noqa: PLC0415 - start-up time

            self.bar = Progress(console=_rich(stderr), transient=True)
            self.task = self.bar.add_task("Checking", total=total)

    def __enter__(self):
        if self.bar is None:
            return lambda: None
        self.bar.start()
        return lambda: self.bar.advance(self.task)

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _report_errors(reports: list[FileReport]) -> tuple[int, int]:
    """Print every error; return how many paths could not be checked, and how many files
    could not be written."""
    unchecked = unwritten = 0
    for report in reports:
        for warning in report.warnings:
            stderr.print(f"warning: {output.error_line(report, warning)}", markup=False)
        for error in report.errors:  # a notebook's cell errors: its other cells were checked
            stderr.print(output.error_line(report, error), markup=False)
        if report.error is not None:
            unwritten += report.error.unwritten
            unchecked += not report.error.unwritten
        unchecked += bool(report.cell_errors) and report.error is None
    return unchecked, unwritten


def _print_document(reports: list[FileReport], output_format: str, unsafe: bool) -> None:
    """Findings (and errors) as a machine format, on stdout."""
    from codemods import formats  # noqa: PLC0415 - start-up time

    if output_format == "json":
        text = output.findings_json(reports) + "\n"
    elif output_format == "sarif":
        text = formats.sarif(reports, unsafe)
    elif output_format == "github":
        text = formats.github(reports)
    elif output_format == "junit":
        text = formats.junit(reports)
    else:
        text = formats.concise(reports, unsafe)
    sys.stdout.write(text)
    sys.stdout.flush()


def _print_statistics(reports: list[FileReport], unsafe: bool, output_format: str) -> None:
    from codemods import report  # noqa: PLC0415 - start-up time
    from codemods.rules import RULES_BY_CODE  # noqa: PLC0415 - start-up time

    rows = report.statistics(reports, unsafe)
    if output_format == "json":
        entries = [
            {"code": row.code, "name": RULES_BY_CODE[row.code].name, "count": row.count, "fixable": row.fixable}
            for row in rows
        ]
        import json  # noqa: PLC0415

        sys.stdout.write(json.dumps(entries, indent=2) + "\n")
    else:
        sys.stdout.write(report.statistics_text(rows))
    sys.stdout.flush()


def _write_report(path: Path | None, reports: list[FileReport], wrote: bool) -> None:
    if path is None:
        return
    from codemods import report  # noqa: PLC0415 - start-up time

    try:
        path.write_text(report.render(report.build(reports, wrote), path), encoding="utf-8")
    except OSError as error:
        stderr.print(f"error: {path}: cannot write the report: {error.strerror or error}", markup=False)
        raise typer.Exit(2) from None


def _format(chosen: object, settings: Settings) -> str:
    return str(getattr(chosen, "value", None) or settings.output_format or "text")


@app.command()
def check(
    paths: PathsArgument = None,
    files_from: FilesFromOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    output_format: FormatOption = None,
    unsafe_fixes: Annotated[
        bool | None, typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Count unsafe fixes as fixable.")
    ] = None,
    statistics: StatisticsOption = False,
    report: ReportOption = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    no_cache: NoCacheOption = False,
    force_exclude: ForceExcludeOption = False,
) -> None:
    """Report problems; change nothing."""
    settings = _settings(config, isolated)
    options = _options(Mode.CHECK, unsafe_fixes, select, ignore, settings)
    unsafe = options.unsafe
    chosen_format = _format(output_format, settings)
    reports = _reports(
        _paths(paths, files_from), options, settings, cache=not no_cache, quiet=quiet, force_exclude=force_exclude
    )
    findings = [(report.path, finding) for report in reports for finding in report.findings]
    _write_report(report, reports, wrote=False)
    unchecked, _ = _report_errors(reports)
    if statistics:
        _print_statistics(reports, unsafe, chosen_format)
    elif chosen_format != "text":
        _print_document(reports, chosen_format, unsafe)
    else:
        for path, finding in findings:
            stdout.print(output.finding_line(path, finding, finding.fixable(unsafe)))
        fixable = sum(finding.fixable(unsafe) for _, finding in findings)
        hidden = sum(finding.fixable(True) for _, finding in findings) - fixable
        if not quiet:
            stdout.print(output.summary(len(findings), fixable, hidden, unchecked=unchecked), markup=False)
    raise typer.Exit(2 if unchecked else 1 if findings else 0)


@app.command()
def fix(
    paths: PathsArgument = None,
    files_from: FilesFromOption = None,
    unsafe_fixes: Annotated[
        bool | None, typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Apply unsafe fixes too.")
    ] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a unified diff; write nothing.")] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    output_format: FormatOption = None,
    statistics: StatisticsOption = False,
    report: ReportOption = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    no_cache: NoCacheOption = False,
    force_exclude: ForceExcludeOption = False,
) -> None:
    """Apply fixes (safe ones unless --unsafe-fixes), to a fixed point, writing files in place.
    Findings left over are printed in the output format; --statistics counts them."""
    settings = _settings(config, isolated)
    options = _options(Mode.DIFF if diff else Mode.FIX, unsafe_fixes, select, ignore, settings)
    unsafe = options.unsafe
    chosen_format = _format(output_format, settings)
    reports = _reports(
        _paths(paths, files_from), options, settings, cache=not no_cache, quiet=quiet, force_exclude=force_exclude
    )
    _write_report(report, reports, wrote=not diff)
    machine = chosen_format != "text" and not diff and not statistics
    unchecked, unwritten = _report_errors(reports)
    for report_ in reports:
        for finding in dict.fromkeys(report_.failed):  # once each, in order
            stderr.print(
                f"{output.finding_location(report_.path, finding)}: {finding.code} fix not applied: "
                "its result did not parse or did not converge",
                markup=False,
            )
    had_errors = bool(unchecked or unwritten)
    if diff:
        changed = [report_ for report_ in reports if report_.fixed_source is not None]
        for report_ in changed:
            output.print_diff(stdout, output.unified_diff(report_.path, report_.original or "", report_.fixed_source or ""))
        fixed = sum(len(report_.fixed) for report_ in changed)
        line = f"Would fix {output.count(fixed, 'problem')} in {output.count(len(changed), 'file')}."
        if unchecked:
            line += f" {output.count(unchecked, 'path')} could not be checked."
        if not quiet:
            stderr.print(line, markup=False)
        raise typer.Exit(2 if had_errors else 1 if changed else 0)
    remaining = [(report_.path, finding) for report_ in reports for finding in report_.findings]
    if statistics:
        _print_statistics(reports, unsafe, chosen_format)
    elif machine:
        _print_document(reports, chosen_format, unsafe)
    else:
        for path, finding in remaining:
            stdout.print(output.finding_line(path, finding, False))
    if not machine and not quiet:
        fixed = sum(len(report_.fixed) for report_ in reports)
        hidden = sum(finding.fixable(True) and not finding.fixable(unsafe) for _, finding in remaining)
        # Fixes that would apply but did not (they broke the file or did not converge).
        unapplied = sum(
            finding.fixable(unsafe) for report_ in reports if report_.error is None for finding in report_.findings
        )
        stdout.print(
            output.summary(len(remaining), 0, hidden, fixed, unapplied=unapplied, unchecked=unchecked, unwritten=unwritten),
            markup=False,
        )
    raise typer.Exit(2 if had_errors else 1 if remaining else 0)


@app.command()
def clean(
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Delete the result cache (`.gradfix_cache/` at the project root)."""
    from codemods.cache import CACHE_DIR, clean as remove  # noqa: PLC0415

    root = _project_root(_settings(config, isolated))
    if remove(root):
        stderr.print(f"Removed {root / CACHE_DIR}", markup=False)


@app.command("rules")
def list_rules() -> None:
    """List every rule."""
    from codemods.rules import RULES  # noqa: PLC0415 - start-up time

    if not stdout.is_terminal:
        for found in RULES:
            sys.stdout.write(f"{found.code}\t{found.name}\t{found.applicability.value}\t{found.summary}\n")
        return
    from rich.table import Table  # noqa: PLC0415 - start-up time

    table = Table(box=None, pad_edge=False)
    for column in ("Code", "Name", "Fix", "Summary"):
        table.add_column(column)
    for rule in RULES:
        table.add_row(rule.code, rule.name, rule.applicability.value, rule.summary)
    stdout.print(table)


@app.command()
def rule(code: Annotated[str, typer.Argument(help="A rule code, e.g. GF003.")]) -> None:
    """Print a rule's documentation."""
    from codemods.rules import RULES_BY_CODE  # noqa: PLC0415 - start-up time

    found = RULES_BY_CODE.get(code.upper())
    if found is None:
        stderr.print(f"error: unknown rule {code} (see `gradfix rules`)")
        raise typer.Exit(2)
    text = f"# {found.code} {found.name}\n\nFix: {found.applicability.value}\n\n{found.documentation()}\n"
    if stdout.is_terminal:
        from rich.markdown import Markdown  # noqa: PLC0415 - start-up time

        stdout.print(Markdown(text))
    else:
        sys.stdout.write(text)


@app.command()
def review(
    paths: PathsArgument = None,
    files_from: FilesFromOption = None,
    unsafe_fixes: Annotated[
        bool | None, typer.Option("--unsafe-fixes/--no-unsafe-fixes", help="Offer unsafe fixes too.")
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    patch: Annotated[Path | None, typer.Option("--patch", help="Write the accepted changes to this patch file; change no source file.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Apply every fix that would be offered, without asking.")] = False,
    decisions: Annotated[Path | None, typer.Option("--decisions", help="Answer from a file of `path:line:code y|n|s` lines (`path:cell N:line:code ...` in notebooks).")] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    force_exclude: ForceExcludeOption = False,
) -> None:
    """Review fixes one by one, like `git add -p`: apply, skip or suppress each."""
    from codemods import review as reviewing

    settings = _settings(config, isolated)
    options = _options(Mode.CHECK, unsafe_fixes, select, ignore, settings)
    keys: reviewing.KeyFunction = reviewing.terminal_key
    if yes and decisions is not None:
        stderr.print("error: use --yes or --decisions, not both")
        raise typer.Exit(2)
    if decisions is not None:
        try:
            keys = reviewing.DecisionFile(decisions.read_text(encoding="utf-8"), str(decisions))
        except (OSError, UnicodeDecodeError, reviewing.DecisionsError) as error:
            stderr.print(f"error: {error}", markup=False)
            raise typer.Exit(2) from None
    elif yes:
        keys = reviewing.always_yes
    elif not sys.stdin.isatty():
        stderr.print("error: `gradfix review` asks questions, but standard input is not a terminal; use --yes, or --decisions FILE")
        raise typer.Exit(2)
    reviewer = reviewing.Reviewer(
        _rich(stdout), keys, unsafe=options.unsafe, select=options.select, ignore=options.ignore, patch=patch,
        interactive=keys is reviewing.terminal_key, progress=lambda total: _progress(total, quiet=False),
        project_root=options.project_root,
    )
    found = discover(_paths(paths, files_from), _exclusion(settings, force_exclude))
    unchecked = [item for item in found if isinstance(item, PathError)]
    for item in unchecked:
        stderr.print(output.error_line(FileReport(item.path, error=FileError(item.message))), markup=False)
    targets = [item for item in found if not isinstance(item, PathError)]
    result = reviewer.review(targets, _per_file_ignores(targets, settings))
    result.errors += len(unchecked)
    if isinstance(keys, reviewing.DecisionFile):
        keys.report(_rich(stderr))
    raise typer.Exit(result.exit_code)


@app.command()
def lsp() -> None:
    """Start the language server on standard input/output (for editors)."""
    from codemods.lsp import serve

    serve()


def main() -> None:
    app()


typer_fast.install()
