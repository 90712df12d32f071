"""Rule selectors as ``--select``/``--ignore`` take them: a rule code or a prefix of one.

Like ruff, a selector that matches no rule is a usage error, not a silent no-op: ``--select
Q01`` would otherwise check nothing and pass. :func:`unknown_selectors` names every selector
that matches nothing, with the closest known codes or prefixes (rapidfuzz edit distance).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Levenshtein


def valid_selectors(codes: Iterable[str]) -> list[str]:
    """Every code and every non-empty prefix of one, sorted (``Q``, ``Q0``, ``Q00``, ``Q001``)."""
    out = {code[:k] for code in codes for k in range(1, len(code) + 1)}
    return sorted(out)


def suggest(selector: str, codes: Sequence[str], *, limit: int = 3) -> list[str]:
    """Known codes or prefixes within edit distance 1 (2 for selectors of 4+ characters) of
    ``selector``, closest first, then codes of the selector's letter, full codes before
    prefixes at the same distance; none for a
    single character."""
    wanted = selector.strip().upper()
    if len(wanted) < 2:  # one letter is one edit from every other: no useful hint
        return []
    cutoff = 2 if len(wanted) >= 4 else 1
    full = set(codes)
    scored = []
    for cand in valid_selectors(codes):
        d = Levenshtein.distance(wanted, cand, score_cutoff=cutoff)
        if d <= cutoff:
            same_family = cand[0] == wanted[0]  # Q002 means a Q rule before an N or S one
            scored.append(
                (d, not same_family, cand not in full, abs(len(cand) - len(wanted)), cand)
            )
    return [c for *_, c in sorted(scored)[:limit]]


def selector_problem(selector: str, codes: Sequence[str], *, option: str) -> str | None:
    """One line saying why ``selector`` matches no rule (``None`` when it matches one)."""
    wanted = selector.strip().upper()
    if wanted and any(code.startswith(wanted) for code in codes):
        return None
    close = suggest(wanted, codes)
    if close:
        hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)"
    else:
        letters = sorted({c[0] for c in codes})
        hint = f"; rule codes start with {', '.join(letters)} (see `discrepancy rules`)"
    return f"{option} has unknown rule code or prefix '{selector.strip()}'{hint}"


def unknown_selectors(selectors: Iterable[str], codes: Sequence[str], *, option: str) -> list[str]:
    """A :func:`selector_problem` line for each selector that matches no rule in ``codes``."""
    return [
        msg for s in selectors if (msg := selector_problem(s, codes, option=option)) is not None
    ]


__all__ = ["selector_problem", "suggest", "unknown_selectors", "valid_selectors"]
