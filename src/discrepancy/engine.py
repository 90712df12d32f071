"""The check of a claim set: :func:`check` reads the sources' documents (the only I/O) and
runs the one engine (:mod:`discrepancy.table`) over the claim table of the claims, the code
``check_table``, the command line and the Dask backend run. The plain per-object
implementation it replaced lives in the tests as the reference twin it is checked against
(``tests/reference/``).

The pure steps stay importable from here: :func:`build_groups` (claims -> groups + skipped),
:func:`compare_group` (one group -> verdicts of its pairs) and :func:`run_rules` (one compared
group -> findings, with suppressions and level re-grading applied).

Suppressions: a claim's ``ignore: {CODE: reason}`` (a code or a prefix) suppresses every finding
of that rule that lists the claim; ``per-file-ignores`` acts as if every claim from a matching
file carried the same ignore. A finding is dropped when any of its claims ignores its rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from discrepancy.config import Config
from discrepancy.errors import Problem
from discrepancy.grouping import build_groups, compare_group
from discrepancy.location import Location
from discrepancy.model import ClaimSet
from discrepancy.progress import Progress, progress_for
from discrepancy.report.report import Report
from discrepancy.rules.apply import run_rules, suppressed
from discrepancy.table.check import check_claim_set


def read_documents(claims: ClaimSet) -> tuple[dict[str, str], list[Problem]]:
    """Texts of the ``document`` of every source that has a claim with a ``quote``.

    The loader resolves relative paths against the claim file's folder; a relative path that
    does not exist from the working directory is also tried against that folder. A document that cannot be read is a warning (E001), not an error.
    """
    quoting = {c.source for c in claims.claims if c.quote is not None}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for source in claims.sources:
        if source.id not in quoting or not source.document:
            continue
        path = Path(source.document)
        if not path.is_absolute() and not path.exists() and source.location is not None:
            path = Path(source.location.path).parent / path
        try:
            texts[source.id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            msg = (
                f"cannot read document '{source.document}' of source '{source.id}' "
                f"({reason}); its quotes are not checked"
            )
            problems.append(Problem("E001", msg, source.location or Location(str(path))))
    return texts, problems


def check(
    claims: ClaimSet,
    config: Config | None = None,
    *,
    documents: Mapping[str, str] | None = None,
    progress: Progress | bool | None = None,
) -> Report:
    """Compare every group of comparable claims and report findings, agreement and consensus.

    The claims go through the one engine as the claim table :meth:`ClaimSet.to_table` makes
    of them (:func:`discrepancy.table.check_table`), so claim files and tables are checked
    by the same code. ``documents`` maps source ids to the text of their documents (for
    quote checks, E302); when not given, each source's ``document`` file is read.
    ``progress`` (a :class:`~discrepancy.progress.Progress`, or ``True`` for a bar on a
    terminal's stderr) follows the parsing, grouping, rules and consensus stages.
    """
    config = config or Config()
    warnings: list[Problem] = []
    if documents is None:
        docs, warnings = read_documents(claims)
    else:
        docs = dict(documents)
    with progress_for(progress) as bar:
        report = check_claim_set(claims, config, documents=docs, progress=bar)
    return attrs.evolve(report, warnings=tuple(warnings)) if warnings else report


__all__ = [
    "build_groups",
    "check",
    "compare_group",
    "read_documents",
    "run_rules",
    "suppressed",
]
