"""The command-line options of ``discrepancy draft``, apart from the drafter.

The CLI builds every command's parser on each run; keeping these options out of the
:mod:`discrepancy.draft` package means a ``check`` does not import the drafter (its sentence,
name and date readers) only to describe an option it will not use.
"""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``discrepancy draft``."""
    p.add_argument("files", nargs="+", metavar="FILE", help="article text (or HTML) files")
    p.add_argument("--source", metavar="ID", help="source id (default: from the file name)")
    p.add_argument("--name", metavar="NAME", help="source name to write (e.g. the outlet)")
    p.add_argument(
        "--published",
        metavar="DATE",
        help="publication day, e.g. 2024-10-18; anchors 'Friday', 'today', 'June 19' "
        "(default: a date line of the text)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="claim file to write (a folder when drafting several articles); default stdout",
    )
    p.add_argument(
        "--context",
        metavar="PATH",
        action="append",
        default=[],
        help="folder of claim files whose ids to reuse (default: the output's folder)",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing claim files")


__all__ = ["add_arguments"]
