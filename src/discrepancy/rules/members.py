"""Rules on set groups (lists of members)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from discrepancy.compare.members import align_spelled
from discrepancy.compare.result import CONFLICT, PARTIAL
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding, where, who_disagrees
from discrepancy.verdict import Level, Verdict


def _naming(group: ComparedGroup, config: Config) -> list[tuple[list[str], list[str]]]:
    """Members not every claim names, grouped by the sources that name them:
    ``[(sources, member spellings), ...]`` in order of first appearance."""
    lists = [c.value.members for c in group.claims]  # type: ignore[union-attr]
    spelled = align_spelled(lists, group.entities, threshold=config.set_fuzzy_threshold)
    naming: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for claim, members in zip(group.claims, spelled, strict=True):
        for canon, name in members.items():
            shown.setdefault(canon, name)
            srcs = naming.setdefault(canon, [])
            if claim.source not in srcs:
                srcs.append(claim.source)
    by_sources: dict[tuple[str, ...], list[str]] = {}
    for canon, srcs in naming.items():
        if sum(canon in members for members in spelled) < len(spelled):
            by_sources.setdefault(tuple(srcs), []).append(shown[canon])
    return [(list(s), ms) for s, ms in by_sources.items()]


def member_lists_differ(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """S002 member lists differ

    What: two open lists of the same members ("includes ...") that name different members,
    where no list claimed complete is contradicted.
    Why: each source may have left members out, so this is a warning, not an error: worth a
    look, since one source may know of a member the others missed.
    Example: insider lists Ussuriysk, Khabarovsk, Blagoveshchensk; newslooks also names
    Vladivostok -> partial, "only newslooks names Vladivostok" (Хабаровск and Khabarovsk are
    one member: aliases, transliteration and fuzzy matching align them).
    Configuration: set.fuzzy-threshold (90), set.major-distance (0.5, of 1 - Jaccard).
    """
    if (group.verdict == CONFLICT).any():  # groups of its type only (its registry line)
        return
    if not (group.verdict == PARTIAL).any():
        return
    phrases = [
        f"only {', '.join(srcs)} name{'s' if len(srcs) == 1 else ''} {', '.join(ms)}"
        for srcs, ms in _naming(group, config)
    ]
    message = f"{who_disagrees(group, 'list different members')} {where(group)}"
    message = message.replace(" on ", " for ", 1) if " sources " in message else message
    if phrases:
        message += ": " + "; ".join(phrases)
    yield group_finding(
        group,
        rule="S002",
        level=Level.WARNING,
        verdict=Verdict.PARTIAL,
        message=message,
        config=config,
    )


def complete_list_contradicted(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """S001 complete list contradicted

    What: a list claimed complete ("exactly these", `complete: true`) lacks a member that
    another comparable claim names.
    Why: a complete list and an extra member cannot both hold: either the list is not complete
    or the other source is wrong.
    Example: insider {members: [Ussuriysk, Khabarovsk], complete: true} vs newslooks
    [Ussuriysk, Vladivostok] -> conflict: insider lists exactly 2 members but newslooks also
    names Vladivostok.
    Configuration: set.fuzzy-threshold (90), set.major-distance (0.5, of 1 - Jaccard).
    """
    bad = np.flatnonzero(group.verdict == CONFLICT)
    if not len(bad):
        return
    phrases: list[str] = []
    for k in bad.tolist()[:3]:  # output text only
        a, b = int(group.i[k]), int(group.j[k])
        ca, cb = group.claims[a], group.claims[b]
        if ca.value.complete and group.only_b[k]:  # type: ignore[union-attr]
            full, other, extra = ca, cb, group.only_b[k]
        else:
            full, other, extra = cb, ca, group.only_a[k]
        n = len(full.value.members)  # type: ignore[union-attr]
        phrases.append(
            f"{full.source} lists exactly {n} member{'s' if n != 1 else ''} "
            f"but {other.source} also names {', '.join(extra)}"
        )
    more = len(bad) - len(phrases)
    message = f"{who_disagrees(group, 'contradict a complete list')} {where(group)}: "
    message += "; ".join(phrases) + (f"; and {more} more" if more > 0 else "")
    yield group_finding(
        group,
        rule="S001",
        level=Level.ERROR,
        verdict=Verdict.CONFLICT,
        message=message,
        config=config,
    )
