"""``discrepancy draft``: articles in, claim files of draft claims out (files and messages).

One article without ``-o`` is written to stdout; with ``-o FILE`` to that file. Several
articles need ``-o FOLDER`` and get one ``<article name>.yaml`` each. An existing file is
never overwritten without ``--force``. The claim files already in the folder the draft goes
to (or the article's folder when it goes to stdout), and any ``--context`` folder, are read so
drafts reuse their entity ids, subjects and properties.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import TextIO

from discrepancy.draft.context import load_context
from discrepancy.draft.drafter import draft_text
from discrepancy.draft.names import slug
from discrepancy.draft.published import find_url
from discrepancy.draft.read import read_article
from discrepancy.draft.write import render_draft
from discrepancy.draft_options import add_arguments
from discrepancy.errors import InputError, Problem, ValueParseError
from discrepancy.exit_codes import ExitCode
from discrepancy.io.files import inside, resolve_roots
from discrepancy.io.keys import ID_RE
from discrepancy.location import Location
from discrepancy.values import Precision, parse_date


def _usage(stderr: TextIO, message: str) -> ExitCode:
    stderr.write(f"discrepancy draft: error: {message}\n")
    return ExitCode.USAGE


def _published(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        value = parse_date(text)
    except ValueParseError as err:
        raise InputError(
            [Problem("E112", f"--published: {err}", Location("--published"))]
        ) from None
    if value.precision != Precision.DAY:
        msg = f"--published must be one day like 2024-10-18, not '{text}'"
        raise InputError([Problem("E112", msg, Location("--published"))])
    return value.start


def _targets(args: argparse.Namespace) -> list[tuple[Path, Path | None]] | str:
    """(article, output file or None for stdout) pairs, or a usage error."""
    files = [Path(f) for f in args.files]
    if len(files) == 1:
        out = Path(args.output) if args.output and args.output != "-" else None
        if out is not None and out.is_dir():
            out = out / f"{slug(files[0].stem) or 'draft'}.yaml"
        return [(files[0], out)]
    if args.source:
        return "--source names one source; draft several articles without it (ids come from the file names)"
    if not args.output or args.output == "-":
        return f"{len(files)} articles need -o FOLDER (one claim file each)"
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        return f"-o {args.output} is a file; several articles need a folder"
    names = [slug(f.stem) or "draft" for f in files]
    if len(set(names)) != len(names):
        return "two articles have the same name; draft them one at a time with -o FILE"
    return [(f, folder / f"{n}.yaml") for f, n in zip(files, names, strict=True)]


def _source_id(args: argparse.Namespace, article: Path) -> str:
    if args.source:
        return str(args.source)
    candidate = slug(article.stem).replace("--", "-") or "article"
    return candidate if ID_RE.match(candidate) else f"s-{candidate}"


def run_draft(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> ExitCode:
    """Run ``discrepancy draft``; raises :class:`InputError` for bad articles or options."""
    if args.source and not ID_RE.match(args.source):
        return _usage(stderr, f"--source '{args.source}' is not an id; ids look like 'newslooks'")
    published = _published(args.published)
    targets = _targets(args)
    if isinstance(targets, str):
        return _usage(stderr, targets)
    for _, out in targets:
        if out is not None and out.exists() and not args.force:
            return _usage(stderr, f"{out} exists; pass --force to overwrite it")
    articles = [read_article(path) for path, _ in targets]  # all bad input before any output
    for (path, out), article in zip(targets, articles, strict=True):
        where = (out.parent if out is not None else path.parent) or Path()
        folders = [*args.context, where] if where.is_dir() else list(args.context)
        context = load_context(folders, exclude=[out] if out is not None else [])
        draft = draft_text(
            article.text,
            source_id=_source_id(args, path),
            article=path.name,
            published=published,
            context=context,
        )
        url = find_url(article.text)
        draft = draft.__class__(
            draft.source_id,
            draft.article,
            draft.published,
            draft.claims,
            draft.unresolved,
            name=args.name,
            url=url,
        )
        # a check opens documents inside the project only (E005): an article outside the
        # working directory is named in a comment-free way by leaving `document:` out
        inside_project = inside(path.resolve(), resolve_roots([Path.cwd()]))
        document = (
            None
            if article.html or not inside_project
            else os.path.relpath(path, out.parent if out else Path.cwd())
        )
        if not article.html and not inside_project:
            stderr.write(
                f"note: {path} is outside the working directory, so the draft names no "
                "'document:' (a check would refuse it); copy the article into the project "
                "or allow its folder with 'document-roots' to have quotes checked\n"
            )
        text = render_draft(draft, document=document)
        if out is None:
            stdout.write(text)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        shown = out if out is not None else "stdout"
        stderr.write(f"Drafted {len(draft.claims)} claims from {path} to {shown}")
        if context.claims:
            stderr.write(f" (reusing ids from {len(context.claims)} claims)")
        stderr.write(".\n")
        if draft.unresolved:
            stderr.write(
                f"  {len(draft.unresolved)} dates need --published to resolve "
                f"(e.g. '{draft.unresolved[0]}'); they were left out.\n"
            )
    return ExitCode.OK


__all__ = ["add_arguments", "run_draft"]
