"""The ``discrepancy`` command: arguments, files and exit codes. No checking logic lives here."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from discrepancy._version import __version__
from discrepancy.config import Config
from discrepancy.draft_options import add_arguments as add_draft_arguments
from discrepancy.errors import InputError
from discrepancy.exit_codes import ExitCode
from discrepancy.gc_pace import before_exit, paced, paused
from discrepancy.report.escape import log_text, printable, problem_line
from discrepancy.timeline_command import UnknownFact
from discrepancy.timeline_command import add_arguments as add_timeline_arguments
from discrepancy.verdict import Level

if TYPE_CHECKING:
    from discrepancy.report.options import RenderOptions
    from discrepancy.report.report import Report


class UsageError(Exception):
    """A usage, configuration or output problem the CLI reports as one line, exit 2."""


FORMATS = ("text", "json", "jsonl", "markdown", "html", "sarif", "github", "junit")
#: ``--format`` also takes ``concise`` (text, one line per finding, like ruff's)
_FORMAT_CHOICES = (*FORMATS, "concise")
_MACHINE_FORMATS = frozenset(FORMATS) - {"text"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discrepancy",
        description="Check what several sources claim about the same facts.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="find conflicts between claims (exit 1 if any fail)")
    _add_check_options(check, default_format="text")

    report = sub.add_parser(
        "report", help="write a report for people (HTML by default; exit 0 unless --fail-on)"
    )
    _add_check_options(report, default_format="html")

    timeline = sub.add_parser(
        "timeline", help="show how one fact's figures moved over time, by speaker and outlet"
    )
    add_timeline_arguments(timeline)

    draft = sub.add_parser("draft", help="draft claims from article text for review")
    add_draft_arguments(draft)

    sub.add_parser("schema", help="print the JSON Schema of claim files")

    rule = sub.add_parser("rule", help="show the documentation of one rule")
    rule.add_argument("code", help="rule code, e.g. Q001")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _add_check_options(p: argparse.ArgumentParser, *, default_format: str) -> None:
    p.add_argument(
        "paths", nargs="*", help="claim files or folders (default: configured paths, else .)"
    )
    p.add_argument(
        "--format",
        choices=_FORMAT_CHOICES,
        default=default_format,
        help=f"output format (default {default_format})",
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout"
    )
    p.add_argument(
        "--concise", action="store_true", help="text: one line per finding (= --format concise)"
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="text, markdown, html: every claim of every finding, not only its values",
    )
    p.add_argument(
        "--tables",
        action="store_true",
        help="text, markdown: always show the agreement and consensus tables",
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        help="lowest finding level that makes the exit code 1"
        + (" (report: only when given)" if default_format == "html" else ""),
    )
    p.add_argument(
        "--select", metavar="CODES", help="comma-separated rule codes or prefixes to run"
    )
    p.add_argument(
        "--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to skip"
    )
    p.add_argument("--consensus", metavar="METHOD", help="consensus method (see docs)")
    p.add_argument(
        "--pairs",
        choices=("clusters", "all"),
        help="claim pairs a finding lists: one per pair of value clusters (default) or all",
    )
    p.add_argument(
        "--near-miss-threshold",
        metavar="SCORE",
        type=_score,
        help="N001: lowest similarity (0-100) of near-identical names (default 90)",
    )
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help="compare 'status: draft' claims like accepted ones (E303 still lists them)",
    )
    p.add_argument(
        "--gold",
        metavar="FILE",
        action="append",
        default=[],
        help="a claim file or table of verified facts: they fix the consensus of their facts "
        "and score the sources (repeatable)",
    )
    p.add_argument("--baseline", metavar="FILE", help="ignore the findings recorded in FILE")
    p.add_argument(
        "--update-baseline",
        action="store_true",
        help="record the current findings in --baseline FILE",
    )
    p.add_argument(
        "--config", metavar="FILE", help="configuration file (pyproject.toml or discrepancy.toml)"
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors; only the exit code tells",
    )
    p.add_argument(
        "--no-color", action="store_true", help="never colour the output (also NO_COLOR)"
    )
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list the files read, and the YAML/JSON files a folder scan ignored",
    )
    p.add_argument(
        "--only-claim-files",
        action="store_true",
        help="files named that are not claim files or tables are skipped, not an error "
        "(for hooks that pass every changed file, such as pre-commit)",
    )


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 101:
        msg = f"must be a number from 0 to 101 (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _codes(text: str | None, option: str) -> tuple[str, ...] | None:
    """The codes of ``--select``/``--ignore``; a code or prefix no rule has is a usage error."""
    from discrepancy.rules.registry import rules
    from discrepancy.rules.selectors import unknown_selectors

    if text is None:
        return None
    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    if not codes:
        msg = f"{option} needs at least one rule code or prefix, e.g. {option} Q001,S"
        raise UsageError(msg)
    problems = unknown_selectors(codes, [r.code for r in rules()], option=option)
    if problems:
        raise UsageError("; ".join(problems))
    return codes


def _check_consensus(name: str) -> None:
    from discrepancy.consensus.registry import get_method

    try:
        get_method(name)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _check_output(output: str | None, what: str) -> None:
    """Fail before checking anything when ``output`` cannot be written."""
    if output is None or output == "-":
        return
    path = Path(output)
    if path.is_dir():
        msg = f"cannot write {what} to '{output}': it is a folder; name a file inside it"
        raise UsageError(msg)
    folder = path.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        msg = f"cannot write {what} to '{output}': folder '{folder}' {why}"
        raise UsageError(msg)


def _config(args: argparse.Namespace) -> tuple[Config, Path | None]:
    from discrepancy.config_file import load_config
    from discrepancy.config_trust import trusted_config

    # From --config or the working directory up, never from inside the checked folders.
    path = trusted_config(args.config or None)
    config = load_config(path) if path is not None else Config()
    overrides: dict[str, object] = {}
    if args.fail_on:
        overrides["fail_on"] = args.fail_on
    if (select := _codes(args.select, "--select")) is not None:
        overrides["select"] = select
    if (ignore := _codes(args.ignore, "--ignore")) is not None:
        overrides["ignore"] = tuple(config.ignore) + ignore
    if args.consensus:
        overrides["consensus_method"] = args.consensus
    if args.pairs:
        overrides["pairs"] = args.pairs
    _check_consensus(str(overrides.get("consensus_method", config.consensus_method)))
    if args.near_miss_threshold is not None:
        overrides["names_near_miss_threshold"] = args.near_miss_threshold
    if args.include_drafts:
        overrides["include_drafts"] = True
    return attrs.evolve(config, **overrides), path  # type: ignore[arg-type]


def _paths(args: argparse.Namespace, config: Config, config_path: Path | None) -> list[str]:
    if args.paths:
        return list(args.paths)
    if config.paths and config_path is not None:
        base = config_path.parent
        return [
            str(p) if Path(p).is_absolute() else os.path.relpath(base / p) for p in config.paths
        ]
    return ["."]


def _use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if args.no_color or os.environ.get("NO_COLOR") or args.output:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _render_options(args: argparse.Namespace, stdout: TextIO) -> tuple[str, RenderOptions]:
    """The format to render and how much of the report it shows: text as wide as the
    terminal, tables when asked (or when small and no ``--select`` narrows the run)."""
    from discrepancy.report.options import RenderOptions

    concise = args.concise or args.format == "concise"
    fmt = "text" if args.format == "concise" else args.format
    width = None
    if fmt == "text" and not args.output and stdout.isatty():
        width = max(40, shutil.get_terminal_size().columns)
    elif os.environ.get("COLUMNS", "").isdigit():
        width = max(40, int(os.environ["COLUMNS"]))
    tables = "always" if args.tables else ("never" if args.select else "auto")
    return fmt, RenderOptions(width=width, concise=concise, full=args.full, tables=tables)


def _write(text: str, output: str | None, stdout: TextIO, what: str = "the report") -> None:
    """``text`` to stdout, or atomically to ``output`` (an existing file survives a failure)."""
    from discrepancy.atomic_write import write_text_atomic

    if output is None or output == "-":
        stdout.write(text if text.endswith("\n") or not text else text + "\n")
        return
    try:
        write_text_atomic(output, text)
    except OSError as err:
        reason = err.strerror or str(err)
        raise UsageError(f"cannot write {what} to '{output}': {reason}") from None


def _fails(report: object, config: Config) -> bool:
    level = config.fail_level()
    if level is None:
        return False
    return any(f.level.rank >= level.rank for f in report.findings)  # type: ignore[attr-defined]


def _check_paths(
    paths: list[str],
    config: Config,
    *,
    progress: bool,
    verbose: bool,
    only_claim_files: bool,
    stderr: TextIO,
    roots: Sequence[Path] | None = None,
    gold: Sequence[str] = (),
) -> Report:
    """Claim files, tables and folders of them through the loader, in one check; a table
    alone through the column-at-a-time ``check_table``."""
    from discrepancy.engine import check
    from discrepancy.io.discover import discover
    from discrepancy.io.load import load_discovered
    from discrepancy.progress import progress_for
    from discrepancy.table import check_table_file

    found = discover(
        paths,
        include=config.include,
        exclude=config.exclude,
        named_like_scanned=only_claim_files,
        roots=roots,
    )
    if verbose:
        for f in found.files:
            stderr.write(
                f"discrepancy: reading {f.display} ({'table' if f.kind == 'table' else 'claim file'})\n"
            )
        for ignored in found.ignored:
            stderr.write(
                f"discrepancy: ignoring {ignored} (no top-level 'discrepancy:', or 'source:' with 'claims:')\n"
            )
    single = len(found.files) == 1 and found.files[0].kind == "table"
    if not found.problems and single and not gold:
        return check_table_file(found.files[0].display, config, progress=progress)
    verified = discover(list(gold), roots=roots) if gold else None
    with progress_for(progress) as bar:
        with paused(keep=True):  # trees and claims: no cycles for the collector to find
            claims = load_discovered(
                found, approx=config.quantity_approx, progress=bar, roots=roots, gold=verified
            )
        return check(claims, config, progress=bar)


def _run_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    from discrepancy.baseline import apply_baseline, baseline_text, read_baseline

    if args.update_baseline and not args.baseline:
        raise UsageError("--update-baseline needs --baseline FILE")
    from discrepancy.config_trust import configs_among, document_roots

    config, config_path = _config(args)
    _check_output(args.output, "the report")
    known = None
    if args.update_baseline:
        _check_output(args.baseline, "the baseline")
    elif args.baseline:
        known = read_baseline(args.baseline)
    paths = _paths(args, config, config_path)
    progress = (
        not (args.no_progress or args.quiet or args.format in _MACHINE_FORMATS) and stderr.isatty()
    )
    roots = document_roots(config, config_path)
    report = _check_paths(
        paths,
        config,
        progress=progress,
        verbose=args.verbose and not args.quiet,
        only_claim_files=args.only_claim_files,
        stderr=stderr,
        roots=roots,
        gold=args.gold,
    )
    untrusted = configs_among(paths, config_path, roots)
    if untrusted:
        report = attrs.evolve(report, warnings=(*report.warnings, *untrusted))
    if not args.quiet and (config_path is not None or untrusted):
        # name the configuration obeyed whenever one could have been (a trusted one was
        # found, or one among the checked files was not obeyed)
        shown = str(config_path) if config_path is not None else "none (defaults)"
        stderr.write(f"Configuration: {printable(shown)}\n")
    if args.update_baseline:
        _write(baseline_text(report), args.baseline, stderr, "the baseline")
        if not args.quiet:
            stderr.write(
                f"Recorded {len(report.findings)} findings in {printable(args.baseline)}\n"
            )
        return ExitCode.OK
    if known is not None:
        report = apply_baseline(report, known)
    if not args.quiet:
        fmt, options = _render_options(args, stdout)
        color = fmt == "text" and _use_color(args, stdout)
        with paused():  # the report's dict and text: freed by reference counting
            rendered = report.render(fmt, color=color, options=options)
        if fmt != "github" and not args.output:  # workflow commands only where meant
            rendered = log_text(rendered)
        _write(rendered, args.output, stdout)
        if args.output and args.command == "report":
            stderr.write(f"Wrote {printable(args.output)}\n")
    if args.command == "report" and not args.fail_on:
        return ExitCode.OK  # a report for people; `report --fail-on LEVEL` gates like check
    return ExitCode.FINDINGS if _fails(report, config) else ExitCode.OK


def _run_timeline(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    from discrepancy.config_file import load_config
    from discrepancy.config_trust import document_roots, trusted_config
    from discrepancy.timeline_command import render_timelines, timelines_of

    config_path = trusted_config(args.config or None)
    config = load_config(config_path) if config_path is not None else Config()
    if args.consensus:
        _check_consensus(args.consensus)
        config = attrs.evolve(config, consensus_method=args.consensus)
    _check_output(args.output, "the timeline")
    if not args.paths and _names_claim_files(args.fact):
        shown = printable(args.fact)
        raise UsageError(
            f"{shown!r} is a path, not a fact: name the fact first, then the claim files, "
            f"e.g. discrepancy timeline SUBJECT[/PROPERTY] {shown}"
        )
    report = _check_paths(
        _paths(args, config, config_path),
        config,
        progress=False,
        verbose=False,
        only_claim_files=False,
        stderr=stderr,
        roots=document_roots(config, config_path),
    )
    try:
        timelines = timelines_of(report, args.fact)
    except UnknownFact as err:
        raise UsageError(str(err)) from None
    rendered = render_timelines(timelines, args.format)
    _write(rendered if args.output else log_text(rendered), args.output, stdout, "the timeline")
    return ExitCode.OK


#: File endings of claim files and tables: a timeline "fact" with one of them is a path.
_CLAIM_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".jsonl", ".csv", ".tsv", ".parquet"})


def _names_claim_files(fact: str) -> bool:
    """Whether the timeline's first argument is plainly a folder or claim file, not a fact.

    ``discrepancy timeline seeds/`` would otherwise check the working directory for a subject
    called ``seeds/`` and fail on whatever else lies there.
    """
    path = Path(fact)
    try:
        return path.is_dir() or (path.is_file() and path.suffix.lower() in _CLAIM_SUFFIXES)
    except OSError:  # a name too long for the file system is no path
        return False


def _run_rule(code: str, stdout: TextIO, stderr: TextIO) -> ExitCode:
    from discrepancy.problem_codes import PROBLEM_CODES, problem_code
    from discrepancy.rules.registry import get_rule, rules

    info = get_rule(code.upper())
    if info is None and (problem := problem_code(code)) is not None:
        stdout.write(f"{problem.code} {problem.title}\n\nFix: {problem.fix}\n")
        return ExitCode.OK
    if info is None:
        import difflib

        known = [r.code for r in rules()] + [p.code for p in PROBLEM_CODES]
        hint = difflib.get_close_matches(code.upper(), known, n=3)
        extra = (
            f" (did you mean {', '.join(hint)}?)" if hint else f"; known rules: {', '.join(known)}"
        )
        stderr.write(f"discrepancy: error: unknown rule '{code}'{extra}\n")
        return ExitCode.USAGE
    stdout.write(f"{info.code} {info.name} ({info.level})\n\n{info.doc.strip()}\n")
    return ExitCode.OK


def _run_rules(fmt: str, stdout: TextIO) -> ExitCode:
    from discrepancy.rules.registry import rules

    infos = rules()
    if fmt == "json":
        data = [
            {"code": r.code, "name": r.name, "type": r.type, "level": str(r.level), "doc": r.doc}
            for r in infos
        ]
        stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return ExitCode.OK
    width = max((len(r.name) for r in infos), default=0)
    for r in infos:
        summary = r.doc.strip().splitlines()[0] if r.doc.strip() else ""
        stdout.write(f"{r.code}  {r.name:<{width}}  {r.level!s:<7}  {summary}\n")
    return ExitCode.OK


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    if args.version:
        out.write(f"discrepancy {__version__}\n")
        return int(ExitCode.OK)
    try:
        if args.command in ("check", "report"):
            with paced():  # a quarter of a large check's CPU went to the collector
                return int(_run_check(args, out, err))
        if args.command == "draft":
            from discrepancy.draft.command import run_draft  # the drafter, for this command only

            return int(run_draft(args, out, err))
        if args.command == "timeline":
            return int(_run_timeline(args, out, err))
        if args.command == "schema":
            from discrepancy.io.schema import claim_file_schema

            out.write(json.dumps(claim_file_schema(), indent=2, ensure_ascii=False) + "\n")
            return int(ExitCode.OK)
        if args.command == "rule":
            return int(_run_rule(args.code, out, err))
        if args.command == "rules":
            return int(_run_rules(args.format, out))
        parser.print_help(out)
        return int(ExitCode.USAGE)
    except UsageError as exc:
        err.write(f"discrepancy: error: {exc}\n")
        return int(ExitCode.USAGE)
    except InputError as exc:
        for problem in exc.problems:
            err.write(f"{problem_line(problem)}\n")
        n = len(exc.problems)
        done = "drafted" if args.command == "draft" else "checked"
        err.write(f"Found {n} problem{'s' if n != 1 else ''}; nothing was {done}.\n")
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except OSError as exc:  # a file the run needed could not be read or written
        where = f" '{exc.filename}'" if exc.filename else ""
        err.write(f"discrepancy: error: {exc.strerror or exc}{where}\n")
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        err.write("discrepancy: interrupted\n")
        return 130


def _entry() -> None:  # pragma: no cover - the console script
    code = main()
    before_exit()  # nothing for the collector to free at exit: the process ends here
    sys.exit(code)


__all__ = ["ExitCode", "Level", "main"]
