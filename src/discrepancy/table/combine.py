"""The combine step of the table check: from the
:class:`~discrepancy.table.partition.PartitionResult` of every key partition to one
:class:`~discrepancy.report.report.Report`. :func:`~discrepancy.table.check_table` is the
case of one partition (the whole table).

Groups are numbered as the table engine numbers them (by the first table row of their key),
findings and skipped claims are put in the report's order, agreement counts are summed over
globally coded source pairs, and the consensus runs once over the claims of all partitions
(arrays gathered in group, then table-row order: the fact table ``check_table`` builds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from discrepancy.beside import Beside
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.config import Config
from discrepancy.consensus.facts import CATEGORICAL
from discrepancy.consensus.glue import content_ranks
from discrepancy.consensus.result import Consensus, ConsensusRun, WindowConsensus
from discrepancy.errors import ClaimFileError, Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.knowledge import claim_weight, source_prior
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.progress import NoProgress, Progress
from discrepancy.report.lazy import Entry, EntryBatch, LazyFindings, LazySequence
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.apply import finish_findings
from discrepancy.rules.cross_facts import cross_fact_findings
from discrepancy.rules.declared import Declared
from discrepancy.table.agreement import agreement_from_counts
from discrepancy.table.consensus import ConsensusArrays, consensus_run, fact_kind, run_columns
from discrepancy.table.encode import combine as combine_codes
from discrepancy.table.lint import facts_lint, names_lint
from discrepancy.table.partition import PartitionResult
from discrepancy.types.registry import get_type, type_names

_ROWS = re.compile(r"^(column '[^']*', )rows? ([0-9][0-9, ]*?)(?: and (\d+) more)?(: .*)$", re.S)


def merge_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of all partitions as one table's: header problems once, and a bad value
    seen in several partitions as one problem naming its first rows (as ``read_columns``
    names them: three rows and how many more)."""
    merged: dict[tuple[str, str, str], tuple[list[int], int, Problem]] = {}
    out: list[Problem] = []
    seen: set[Problem] = set()
    for p in problems:
        m = _ROWS.match(p.message)
        if m is None or p.code == "E120":
            if p not in seen:
                seen.add(p)
                out.append(p)
            continue
        shown = [int(x) for x in m.group(2).split(", ")]
        count = len(shown) + int(m.group(3) or 0)
        key = (p.code, m.group(1), m.group(4))
        rows, total, first = merged.get(key, ([], 0, p))
        if shown[0] < (rows[0] if rows else shown[0] + 1):
            first = p
        merged[key] = (sorted([*rows, *shown]), total + count, first)
    for (_, prefix, tail), (rows, total, first) in merged.items():
        top = rows[:3]
        where = f"row{'s' if total > 1 else ''} " + ", ".join(map(str, top))
        more = total - len(top)
        if more > 0:
            where += f" and {more} more"
        out.append(Problem(first.code, prefix + where + tail, first.location))
    return sorted(
        out,
        key=lambda p: (
            p.location.line if p.location else 0,
            p.location.column if p.location else 0,
            p.code,
            p.message,
        ),
    )


class _SourceOnly:
    """What a numeric fact's consensus reads of its claims: who made them."""

    __slots__ = ("source",)

    def __init__(self, source: str) -> None:
        self.source = source


class _FactView:
    """The group-like object one consensus entry is built from (see ``GroupLike``)."""

    def __init__(
        self,
        subject: str,
        property: str,
        scope: tuple[tuple[str, str], ...],
        unit: str | None,
        type: str,
        claims: tuple[Any, ...],
        members: Any,
        entities: EntityIndex | None = None,
    ) -> None:
        self.subject = subject
        self.property = property
        self.scope = scope
        self.unit = unit
        self.type = type
        self.claims = claims
        self.members = members
        self.entities = entities


def combine(
    parts: Sequence[PartitionResult],
    *,
    claims: ClaimSet,
    config: Config | None = None,
    consensus: bool = True,
    progress: Progress | None = None,
) -> Report:
    """The report of a table checked as key partitions (the ``consensus`` stage of
    ``progress``, when ``consensus``).

    ``claims`` is the whole table's claim set: its sources (every source of the table, in
    order of first row), entities, and claims as a sequence (built on access).

    Raises:
        ClaimFileError: the problems of every partition, merged.
    """
    config = config or Config()
    problems = [p for part in parts for p in part.problems]
    if problems:
        raise ClaimFileError(merge_problems(problems) if len(parts) > 1 else problems)
    names = sorted(s.id for s in claims.sources)

    # groups, numbered by the first table row of their key
    firsts = _cat(p.group_first_row for p in parts)
    order = np.argsort(firsts, kind="stable")
    global_id = np.empty(order.shape[0], dtype=np.int64)
    global_id[order] = np.arange(order.shape[0])
    offsets = np.cumsum([0, *[p.n_groups for p in parts]])
    gids = [global_id[offsets[k] : offsets[k + 1]] for k in range(len(parts))]
    n_groups = int(order.shape[0])

    skipped: list[tuple[int, int, Skipped]] = []
    # per global group: its partition and its group there (deferred findings are built there)
    owner = np.zeros(n_groups, dtype=np.int64)
    local = np.zeros(n_groups, dtype=np.int64)
    for k, (part, gid) in enumerate(zip(parts, gids, strict=True)):
        owner[gid] = k
        local[gid] = np.arange(gid.shape[0])
        for g, s in part.skipped:
            skipped.append((int(gid[g]), len(skipped), s))
    skipped.sort(key=lambda t: (t[0], t[1]))

    index = EntityIndex.build(claims.entities)

    lint_hid: list[Suppression] = []  # read once the lint is done

    def lint_and_order() -> tuple[list[PartitionResult], LazyFindings]:
        done = [p.settled() for p in parts]  # verdicts still pending in a thread: waited for
        entries, batches = _entries(done, gids)

        def build(g: int, rule: str) -> Finding:
            builder = done[int(owner[g])].deferred
            if builder is None:  # only deferred findings are built
                msg = f"group {g} has no deferred findings"
                raise LookupError(msg)
            return builder.build(int(local[g]), rule)

        near = names_lint([p.spellings for p in done], claims.claims, index, config, lint_hid)
        near += facts_lint([p.single_source for p in done], claims.claims, index, config, lint_hid)
        points = [pt for p in done for pt in p.points]
        if points:
            declared = Declared.build(claims.entities, claims.scopes, config)
            across = cross_fact_findings(points, declared, index, config)
            near += finish_findings(across, config, lint_hid)
        entries.extend(
            Entry((f.rule, f.subject, f.property, f.scope, -1, k), f.level, f)
            for k, f in enumerate(near)
        )
        return done, LazyFindings(entries, build, batches)

    # the partitions' pending verdicts, the whole-check lint and the findings' order need no
    # consensus: they run beside it
    ordered = Beside(lint_and_order)

    run: ConsensusRun | None = None
    estimates: Sequence[Consensus] = ()
    supports: np.ndarray | None = None
    reliability: list[float | None] | None = None
    claim_source = np.zeros(0, dtype=np.int64)
    if consensus:
        bar = progress if progress is not None else NoProgress()
        bar.stage("consensus", 1)
        claim_group = _cat(
            p.claim_group if _is_identity(g) else g[p.claim_group]
            for p, g in zip(parts, gids, strict=True)
        )
        # one partition lays its claims by group, then table row (check_columns' stable
        # sort of its rows by group): no order to find
        claim_order = (
            None
            if len(parts) == 1
            else _group_then_row(claim_group, _cat(p.claim_row for p in parts))
        )
        claim_source = _take(_cat(p.claim_source for p in parts), claim_order)
        run, estimates, supports = _consensus(
            parts,
            gids,
            n_groups,
            _take(claim_group, claim_order),
            claim_order,
            config,
            names,
            claims.sources,
        )
        rel = dict(run.reliability)
        reliability = [rel.get(s) for s in names] if rel else None
        bar.advance()
    settled, findings = ordered.result()
    pair_n, pair_ok = _pair_counts(settled, len(names))
    agreement = agreement_from_counts(
        names,
        pair_n,
        pair_ok,
        claim_source=claim_source,
        claim_supports=supports,
        reliability=reliability,
    )
    return Report(
        claims=claims,
        findings=findings,
        groups=n_groups,
        skipped=[s for _, _, s in skipped],
        agreement=agreement,
        consensus=estimates,
        consensus_run=run,
        warnings=tuple(dict.fromkeys(w for part in parts for w in part.warnings)),
        suppressed=[*(x for p in settled for x in p.suppressed), *lint_hid],
    )


def _entries(
    parts: Sequence[PartitionResult], gids: Sequence[np.ndarray]
) -> tuple[list[Entry], list[EntryBatch]]:
    """The findings of every (settled) partition, their groups numbered globally."""
    entries: list[Entry] = []
    batches: list[EntryBatch] = []
    for part, gid in zip(parts, gids, strict=True):
        if _is_identity(gid):
            entries.extend(part.findings)
            batches.extend(part.batches)
            continue
        batches.extend(b._replace(groups=gid[b.groups]) for b in part.batches)
        for e in part.findings:
            rule, subject, prop, scope, g, emitted = e.key
            key = (rule, subject, prop, scope, int(gid[g]) if g >= 0 else g, emitted)
            entries.append(e._replace(key=key))
    return entries, batches


def _pair_counts(parts: Sequence[PartitionResult], m: int) -> tuple[np.ndarray, np.ndarray]:
    """Agreement counts (pairs, agreeing pairs) of every (settled) partition summed per pair
    of the ``m`` globally coded sources, as ``m x m`` arrays."""
    cells = _cat(p.cells for p in parts)
    flat_n = np.zeros(m * m, dtype=np.int64)  # only the cells with pairs are written
    flat_ok = np.zeros(m * m, dtype=np.int64)
    np.add.at(flat_n, cells, _cat(p.pairs_n for p in parts).astype(np.int64))
    np.add.at(flat_ok, cells, _cat(p.pairs_agreed for p in parts).astype(np.int64))
    return flat_n.reshape(m, m), flat_ok.reshape(m, m)


def _cat(arrays: Iterable[np.ndarray]) -> np.ndarray:
    """The arrays end to end (read only: one partition's array is returned as it is)."""
    items = list(arrays)
    if len(items) == 1:
        return items[0]
    return np.concatenate(items) if items else np.zeros(0, dtype=np.int64)


def _is_identity(codes: np.ndarray) -> bool:
    """Whether ``codes`` are ``0, 1, 2, ...`` (a partition's groups numbered as globally)."""
    return bool(np.array_equal(codes, np.arange(codes.shape[0])))


def _group_then_row(group: np.ndarray, row: np.ndarray) -> np.ndarray | None:
    """The order of claims by group, then table row (the order ``check_table`` puts them
    in); None when they are in it already (one partition): no sort and no gathers."""
    if group.size < 2:
        return None
    step = np.diff(group)
    if (step > 0).all() or ((step >= 0).all() and (np.diff(row)[step == 0] > 0).all()):
        return None
    return np.lexsort((row, group))


def _take(a: np.ndarray, order: np.ndarray | None) -> np.ndarray:
    """``a[order]``; ``a`` itself when ``order`` is None (the identity)."""
    return a if order is None else a[order]


def _consensus(
    parts: Sequence[PartitionResult],
    gids: Sequence[np.ndarray],
    n_groups: int,
    g_of: np.ndarray,
    order: np.ndarray | None,
    config: Config,
    all_names: Sequence[str],
    declared: Sequence[Source] = (),
) -> tuple[ConsensusRun, Sequence[Consensus], np.ndarray]:
    """One consensus run over the claims of all partitions, in the order ``check_table``
    puts them (by group, then table row); per claim (same order) whether its source
    supports its group's consensus."""
    # origins: codes by first table row, as check_table numbers them over the whole table
    first: dict[str, int] = {}
    for p in parts:
        for text, row in p.origins:
            folded = fold(text)
            if row < first.get(folded, row + 1):
                first[folded] = row
    origin_code = {t: k for k, t in enumerate(sorted(first, key=first.__getitem__))}
    origin = _cat(
        np.array([origin_code[fold(t)] for t, _ in p.origins], dtype=np.int64)[p.claim_origin]
        if p.origins
        else np.zeros(0, np.int64)
        for p in parts
    )
    origin = _take(origin, order)
    speakers = _speakers(parts, order)
    as_of = (
        _take(_cat(p.as_of_start for p in parts), order),
        _take(_cat(p.as_of_end for p in parts), order),
    )
    low = _take(_cat(p.low for p in parts), order)
    best = _take(_cat(p.best for p in parts), order)
    high = _take(_cat(p.high for p in parts), order)
    n = g_of.shape[0]
    offsets = np.cumsum([0, *[p.claim_group.shape[0] for p in parts]])
    at = _cat(p.key_at + offsets[k] for k, p in enumerate(parts))
    if order is not None:
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
        at = position[at]
    # categorical value keys, coded by content (not by which claim came first)
    raw_keys = [k for p in parts for k in p.keys]
    key = np.zeros(n, dtype=np.float64)
    if raw_keys:
        key[at] = content_ranks(raw_keys)
    source_all = _take(_cat(p.claim_source for p in parts), order)
    present = np.flatnonzero(np.bincount(source_all, minlength=len(all_names)))
    names = sorted(all_names[int(s)] for s in present.tolist())
    code = {s: k for k, s in enumerate(names)}
    remap = np.full(len(all_names), -1, dtype=np.int64)
    for s in present.tolist():
        remap[int(s)] = code[all_names[int(s)]]
    source = remap[source_all] if source_all.size else source_all

    type_code = np.zeros(n_groups, dtype=np.int64)
    views = np.zeros((n_groups, 2), dtype=np.int64)  # (partition, local group)
    categorical: dict[int, tuple[tuple[Claim, ...], Any, EntityIndex]] = {}
    for k, (p, gid) in enumerate(zip(parts, gids, strict=True)):
        type_code[gid] = p.type_code
        views[gid, 0] = k
        views[gid, 1] = np.arange(gid.shape[0])
        for g, item in p.categorical.items():
            categorical[int(gid[g])] = item
    names_by_code = type_names()
    kind_of_type = np.array([fact_kind(t) for t in names_by_code], dtype=np.int8)
    kinds = kind_of_type[type_code] if n_groups else np.zeros(0, dtype=np.int8)
    method = config.consensus_method
    domain = None  # categories of one property and type draw on one domain of values
    if bool((kinds == CATEGORICAL).any()):
        prop_of = np.empty(n_groups, dtype=object)
        for p, gid in zip(parts, gids, strict=True):
            prop_of[gid] = np.asarray(p.properties, dtype=object)
        # codes by content (np.unique sorts), so the order groups come in doesn't matter
        prop_code = np.unique(prop_of.astype(str), return_inverse=True)[1].reshape(-1)
        domain = prop_code * (int(type_code.max()) + 1) + type_code
    arrays = run_columns(
        g_of,
        source,
        origin,
        kinds,
        low,
        best,
        high,
        key,
        names,
        method=method,
        as_of=as_of,
        speakers=speakers,
        knowledge=_knowledge(parts, order, source, names, declared),
        domain=domain,
    )

    def view(f: int) -> _FactView:
        k, g = int(views[f, 0]), int(views[f, 1])
        p = parts[k]
        found = categorical.get(f)
        claims: tuple[Any, ...] = found[0] if found else _fact_sources(arrays, f)
        members = found[1] if found else None
        return _FactView(
            p.subjects[g],
            p.properties[g],
            p.scopes[g],
            p.units[g],
            names_by_code[int(p.type_code[g])],
            claims,
            members,
            found[2] if found else None,
        )

    run, build_one = consensus_run(arrays, method, view)
    windows = arrays.windows
    # a claim supports when any claim of its source in its window does
    supports = _any_per_cell(windows.claim_window, source, arrays.supports)
    # a set's consensus names its support by members (an open list naming every chosen
    # member supports it), a nested type's (places) by what doesn't oppose the chosen
    # place, not by value identity: the claims' support follows that list
    set_codes = [
        k
        for k, t in enumerate(names_by_code)
        if get_type(t).consensus == "set" or get_type(t).nested
    ]
    for f in np.flatnonzero(np.isin(type_code, set_codes)).tolist():
        if arrays.group_first[f] == arrays.group_first[f + 1]:
            continue
        built = build_one(f)
        sides: tuple[Consensus | WindowConsensus, ...] = built.windows or (built,)
        span = range(windows.fact_start[f], windows.fact_start[f + 1])
        for w, side in zip(span, sides, strict=True):
            rows = arrays.order[arrays.bounds[w] : arrays.bounds[w + 1]]
            backing = set(side.support)
            supports[rows] = [names[int(s)] in backing for s in source[rows].tolist()]
    return run, LazySequence(n_groups, build_one), supports


def _knowledge(
    parts: Sequence[PartitionResult],
    order: np.ndarray | None,
    source: np.ndarray,
    names: Sequence[str],
    declared: Sequence[Source],
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """What the user knows, per source (of ``names``) and per claim (in the run's order),
    as :func:`~discrepancy.consensus.glue.knowledge_arrays` gives it for claim objects;
    None when nothing is declared."""
    verified = _take(_cat(p.claim_verified for p in parts), order)
    graded = any(p.grades for p in parts)
    by_id = {s.id: s for s in declared if s.reliability is not None or s.grade is not None}
    if not graded and not by_id and not verified.any():
        return None
    prior = np.full(len(names), np.nan)
    source_grade: list[str | None] = [None] * len(names)
    for k, name in enumerate(names):
        s = by_id.get(name)
        if s is not None:
            declared_prior = source_prior(s.reliability, s.grade)
            prior[k] = np.nan if declared_prior is None else declared_prior
            source_grade[k] = s.grade
    texts: list[str] = []  # every partition's grades, end to end
    codes: list[np.ndarray] = []
    for p in parts:
        if p.grades:
            codes.append(np.where(p.claim_grade >= 0, p.claim_grade + len(texts), -1))
            texts.extend(p.grades)
        else:
            codes.append(np.full(p.claim_source.shape[0], -1, dtype=np.int64))
    code = _take(_cat(codes), order)
    # a claim's weight depends on its grade and its source's: one call per distinct pair
    pair = (code + 1) * max(len(names), 1) + source
    uniq, inverse = np.unique(pair, return_inverse=True)
    width = max(len(names), 1)
    weights = np.array(
        [
            claim_weight(
                texts[int(u // width) - 1] if u // width else None, source_grade[u % width]
            )
            for u in uniq.tolist()
        ],
        dtype=np.float64,
    )
    return prior, weights[inverse.reshape(-1)], verified


def _speakers(parts: Sequence[PartitionResult], order: np.ndarray | None) -> list[str | None]:
    """Per claim (in the run's order): the speaker reports name besides its outlet (the
    spelling of its origin), None where the outlet speaks for itself."""
    if not any(p.claim_speaker.any() for p in parts if p.claim_speaker.shape[0]):
        return []
    out: list[str | None] = []
    for p in parts:
        texts = [t for t, _ in p.origins]
        flags = p.claim_speaker.tolist()
        out.extend(
            texts[o] if flag else None
            for o, flag in zip(p.claim_origin.tolist(), flags, strict=True)
        )
    return out if order is None else [out[k] for k in order.tolist()]


def _any_per_cell(group: np.ndarray, source: np.ndarray, flag: np.ndarray) -> np.ndarray:
    """Per claim: whether any claim of its (group, source) has ``flag``."""
    n = group.shape[0]
    if n == 0:
        return np.zeros(0, dtype=bool)
    width = int(source.max()) + 1
    size = (int(group.max()) + 1) * width
    if size <= 8 * n + (1 << 20):  # cells fit a table
        cell = group.astype(np.int64) * width + source
    else:
        cell, _ = combine_codes(group, source)
        size = int(cell.max()) + 1
    hit = np.zeros(size, dtype=bool)
    hit[cell[flag.astype(bool, copy=False)]] = True
    return hit[cell]


def _fact_sources(arrays: ConsensusArrays, f: int) -> tuple[_SourceOnly, ...]:
    rows = np.arange(arrays.group_first[f], arrays.group_first[f + 1])
    return tuple(_SourceOnly(arrays.sources[int(s)]) for s in arrays.facts.source[rows].tolist())


__all__ = ["combine", "merge_problems"]
