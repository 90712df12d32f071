"""Settings of a check: thresholds per type, rule selection, fail level, consensus method.

Loading ``[tool.discrepancy]`` / ``discrepancy.toml`` lives in :mod:`discrepancy.config_file`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import field, frozen, validators

from discrepancy.verdict import Level


def _codes(raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = raw.split(",")
    return tuple(c for x in raw if (c := str(x).strip().upper())) if raw else ()  # type: ignore[attr-defined]


def _per_file(raw: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return tuple((str(glob), _codes(codes)) for glob, codes in items)  # type: ignore[attr-defined]


def _levels(raw: object) -> tuple[tuple[str, Level], ...]:
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return tuple(sorted((str(code).strip().upper(), Level(str(lvl))) for code, lvl in items))  # type: ignore[attr-defined]


def _names(raw: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(x) for x in raw)


@frozen
class PropertyRule:
    """What configuration declares about one property: a running total (``cumulative``,
    T001), or the sum of other properties of the same subject (``sum_of``, P002)."""

    cumulative: bool = False
    sum_of: tuple[str, ...] = field(default=(), converter=_names)


def _properties(raw: object) -> tuple[tuple[str, PropertyRule], ...]:
    if not raw:
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    out: list[tuple[str, PropertyRule]] = []
    for name, rule in items:  # type: ignore[attr-defined]
        if isinstance(rule, Mapping):
            rule = PropertyRule(
                cumulative=bool(rule.get("cumulative", False)),
                sum_of=_names(rule.get("sum_of", rule.get("sum-of", ()))),
            )
        out.append((str(name), rule))
    return tuple(sorted(out, key=lambda item: item[0]))


@frozen(kw_only=True)
class Config:
    """Options of one check. Every field has the default DESIGN.md documents."""

    #: quantity: relative half-width of "about"/"around" values.
    quantity_approx: float = field(
        default=0.05, validator=validators.and_(validators.ge(0), validators.lt(1))
    )
    #: quantity: a conflict is major when larger/smaller best value >= this.
    quantity_major_ratio: float = field(default=1.5, validator=validators.ge(1))
    #: date: a conflict is major when the intervals are at least this many days apart.
    date_major_days: float = field(default=7, validator=validators.ge(0))
    #: set: members align when rapidfuzz ``fuzz.ratio`` similarity (0-100) is >= this ("Last,
    #: First" names also in written order).
    set_fuzzy_threshold: float = field(
        default=90, validator=validators.and_(validators.ge(0), validators.le(100))
    )
    #: set: a difference is major when 1 - Jaccard >= this.
    set_major_distance: float = field(
        default=0.5, validator=validators.and_(validators.ge(0), validators.le(1))
    )
    #: names: two names are near-identical (N001) when their similarity (rapidfuzz
    #: ``fuzz.ratio`` of their loose forms, 0-100) is >= this; above 100 only names equal
    #: once case, punctuation and plurals are ignored.
    names_near_miss_threshold: float = field(
        default=90, validator=validators.and_(validators.ge(0), validators.le(101))
    )
    #: rule codes or prefixes to run (empty: all).
    select: tuple[str, ...] = field(default=(), converter=_codes)
    #: rule codes or prefixes to skip.
    ignore: tuple[str, ...] = field(default=(), converter=_codes)
    #: glob -> codes ignored in claims from matching files.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(
        default=(), converter=_per_file
    )
    #: rule code or prefix -> level its findings are reported at (re-grading), e.g.
    #: ``{"S002": "error"}``; the longest matching code or prefix wins.
    levels: tuple[tuple[str, Level], ...] = field(default=(), converter=_levels)
    #: findings at or above this level make ``check`` exit 1; ``never`` never does.
    fail_on: str = field(default="error", validator=validators.in_(("error", "warning", "never")))
    #: consensus method name (see :mod:`discrepancy.consensus`).
    consensus_method: str = "auto"
    #: default paths when the CLI is given none.
    paths: tuple[str, ...] = ()
    #: which claim pairs a finding lists: ``clusters`` (one representative partial/conflict
    #: pair per pair of value clusters, with its count) or ``all`` (every comparable pair).
    pairs: str = field(default="clusters", validator=validators.in_(("clusters", "all")))
    #: folders besides the project root that a claim file's ``document:`` (and the symlinks
    #: of a scanned folder) may lead into; relative ones are relative to the config file.
    document_roots: tuple[str, ...] = field(default=(), converter=tuple)
    #: compare ``status: draft`` claims like accepted ones (default: leave them out of
    #: findings, agreement and consensus; E303 lists them either way).
    include_drafts: bool = False
    #: globs of files a folder scan reads as claim files whatever their top level.
    include: tuple[str, ...] = field(default=(), converter=tuple)
    #: globs of files and folders a folder scan leaves out.
    exclude: tuple[str, ...] = field(default=(), converter=tuple)
    #: property name -> what it is: ``{"deaths": {"cumulative": True}}`` (a running total,
    #: T001), ``{"casualties": {"sum_of": ["killed", "wounded"]}}`` (P002)
    properties: tuple[tuple[str, PropertyRule], ...] = field(default=(), converter=_properties)

    def fail_level(self) -> Level | None:
        return None if self.fail_on == "never" else Level(self.fail_on)

    def selects(self, code: str) -> bool:
        """Whether rule ``code`` runs: ruff semantics, the longest matching prefix decides
        between ``select`` (empty: everything) and ``ignore``."""
        sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if not self.select:
            sel = 0
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return sel >= 0 and sel > ign

    def level_for(self, code: str, default: Level) -> Level:
        """The level findings of ``code`` report at after re-grading by ``levels``."""
        best: tuple[int, Level] | None = None
        for prefix, level in self.levels:
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), level)
        return best[1] if best else default
