"""How well `discrepancy draft` recovers the hand-written seed claims from the seed articles.

Run on demand (not a test):

    python benchmarks/bench_draft.py [--shared ../shared] [--details]

For each article in ``<shared>/seeds/*.txt`` the claim file of the project's ``seeds/`` that
names it ("seed article 000" in its header) holds the hand-written claims. The article is
drafted with that file's source id and ``published`` date (what a user passes as --source and
--published) and, as context, the *other* seed claim files (leave-one-out: a draft never sees
the claims it is measured against).

- recall: the hand-written quantity and date claims that a draft matches: same type, same
  value as the project compares them (a quantity's best value, a date's interval) and a quote
  from the same sentence as the hand-written quote;
- speaker: of the recalled claims, those whose draft names the same ``said_by`` (ids compared
  through the seed entities' names and aliases; no said_by is the source itself);
- subject and property: of the recalled claims, those drafted with the hand-written subject
  and property (context lets drafts reuse them; without context they cannot match);
- precision, by kind: the drafts that match a hand-written claim of their type, value and
  sentence (of any kind: set members as written, assertions by value).

The baseline printed below the results is the same run with a naive drafter: every number and
date the parsers read, with no speaker. Skips (exit 0) when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from discrepancy.draft import Context, Draft, DraftClaim, draft_text, load_context  # noqa: E402
from discrepancy.draft.context import fold  # noqa: E402
from discrepancy.draft.sentences import sentences  # noqa: E402
from discrepancy.errors import ValueParseError  # noqa: E402
from discrepancy.io.load import load  # noqa: E402
from discrepancy.model import Claim, ClaimSet  # noqa: E402
from discrepancy.quotes import find_quote  # noqa: E402
from discrepancy.values import DateInterval, Quantity, parse_value  # noqa: E402

MEASURED = ("quantity", "date")
_ARTICLE = re.compile(r"seed article (\d{3})")


def _shared(given: str | None) -> Path:
    if given:
        return Path(given)
    return Path(os.environ.get("DISCREPANCY_SHARED", ROOT.parent / "shared"))


def _pairs(seeds: Path, shared: Path) -> list[tuple[Path, Path]]:
    """(article, hand-written claim file) pairs, matched by 'seed article NNN'."""
    articles = {p.name[:3]: p for p in sorted((shared / "seeds").glob("*.txt"))}
    out = []
    for path in sorted(seeds.glob("*.yaml")):
        m = _ARTICLE.search(path.read_text(encoding="utf-8")[:600])
        if m and m.group(1) in articles:
            out.append((articles[m.group(1)], path))
    return out


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return a.best == b.best
    if isinstance(a, DateInterval) and isinstance(b, DateInterval):
        return (a.start, a.end) == (b.start, b.end)
    return a == b


def _draft_value(claim: DraftClaim, draft: Draft) -> object | None:
    try:
        raw = list(claim.value) if isinstance(claim.value, tuple) else claim.value
        return parse_value(raw, claim.type, published=draft.published)
    except ValueParseError:
        return None


class _Canon:
    """Speaker ids compared through the seed entities (an alias names its entity)."""

    def __init__(self, claims: ClaimSet) -> None:
        self.by_name = {fold(n): e.id for e in claims.entities for n in e.names}
        self.by_name |= {fold(e.id.replace("-", " ")): e.id for e in claims.entities}

    def __call__(self, speaker: str | None) -> str:
        if speaker is None:
            return "(source)"
        return self.by_name.get(fold(speaker.replace("-", " ")), speaker)


def _sentence_of(text: str, spans: list[tuple[int, int]], quote: str) -> tuple[int, int] | None:
    match = find_quote(quote, text)
    if not match.found:
        return None
    for start, end in spans:
        if start <= match.start < end or match.start <= start < match.end:
            return start, end
    return None


def _naive(text: str, source_id: str, published: object) -> Draft:
    """Every number and date the parsers read, without speakers or qualifiers."""
    from discrepancy.draft.dates import find_dates

    claims = []
    for s in sentences(text):
        dates = find_dates(s.text, published=published)  # type: ignore[arg-type]
        for d in dates:
            claims.append(
                DraftClaim("d", "x", "x", d.text, "date", s.text, start=s.start, end=s.end)
            )
        for m in re.finditer(r"\d[\d,.]*", s.text):
            if any(d.start <= m.start() < d.end for d in dates):
                continue
            claims.append(
                DraftClaim(
                    "q",
                    "x",
                    "x",
                    m.group().rstrip(",."),
                    "quantity",
                    s.text,
                    start=s.start,
                    end=s.end,
                )
            )
    return Draft(source_id, "", published, tuple(claims))  # type: ignore[arg-type]


def _score(
    text: str, draft: Draft, hand: list[Claim], canon: _Canon, details: bool
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    spans = [(s.start, s.end) for s in sentences(text)]
    values = [_draft_value(c, draft) for c in draft.claims]
    counts: Counter[str] = Counter()
    drafted: Counter[str] = Counter(c.type for c in draft.claims)
    matched: Counter[str] = Counter()
    used = [False] * len(draft.claims)
    for claim in hand:
        where = _sentence_of(text, spans, claim.quote or "")
        hits = [
            k
            for k, c in enumerate(draft.claims)
            if where is not None
            and c.type == claim.type
            and (c.start, c.end) == where
            and values[k] is not None
            and _same_value(values[k], claim.value)
        ]
        for k in hits:
            used[k] = True
        if claim.type not in MEASURED:
            continue
        counts["hand"] += 1
        if not hits:
            if details:
                print(f"    missed {claim.ref}: {claim.raw_text!r} ({claim.quote!r})")
            continue
        counts["recalled"] += 1
        groups = {(draft.claims[k].subject, draft.claims[k].property) for k in hits}
        if (claim.subject, claim.property) in groups:
            counts["group"] += 1
        speakers = {canon(draft.claims[k].said_by) for k in hits}
        if canon(claim.said_by) in speakers:
            counts["speaker"] += 1
        elif details:
            print(
                f"    speaker {claim.ref}: hand {canon(claim.said_by)}, drafted {sorted(speakers)}"
            )
    for k, c in enumerate(draft.claims):
        if used[k]:
            matched[c.type] += 1
    return counts, drafted, matched


def _run(
    pairs: list[tuple[Path, Path]], seeds: ClaimSet, *, mode: str, details: bool
) -> tuple[Counter[str], Counter[str], Counter[str], float]:
    canon = _Canon(seeds)
    totals: Counter[str] = Counter()
    drafted: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    seconds = 0.0
    for article, hand_file in pairs:
        hand_set = load(hand_file)
        source = hand_set.sources[0]
        text = article.read_text(encoding="utf-8")
        started = time.perf_counter()
        if mode == "naive":
            draft = _naive(text, source.id, source.published)
        else:
            context = (
                load_context([hand_file.parent], exclude=[hand_file])
                if mode == "context"
                else Context()
            )
            draft = draft_text(
                text, source_id=source.id, published=source.published, context=context
            )
        seconds += time.perf_counter() - started
        if details:
            print(f"  {article.name} -> {hand_file.name}")
        counts, kinds, hits = _score(text, draft, list(hand_set.claims), canon, details)
        totals += counts
        drafted += kinds
        matched += hits
    return totals, drafted, matched, seconds


def _report(label: str, result: tuple[Counter[str], Counter[str], Counter[str], float]) -> None:
    totals, drafted, matched, seconds = result
    hand, recalled, speaker = totals["hand"], totals["recalled"], totals["speaker"]
    recall = recalled / hand if hand else 0.0
    right = speaker / recalled if recalled else 0.0
    print(
        f"{label:<28} recall {recalled}/{hand} = {recall:.0%}   "
        f"said_by right {speaker}/{recalled} = {right:.0%}   ({seconds * 1000:.0f} ms)"
    )
    group = totals["group"]
    print(f"{'':<28}   subject and property as written by hand {group}/{recalled}")
    for kind in sorted(drafted):
        n, ok = drafted[kind], matched[kind]
        print(f"{'':<28}   precision {kind:<9} {ok}/{n} = {ok / n:.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", help="the shared folder (default ../shared)")
    parser.add_argument("--details", action="store_true", help="list misses and wrong speakers")
    args = parser.parse_args(argv)
    shared = _shared(args.shared)
    if not (shared / "seeds").is_dir():
        print(f"skipped: no seed articles at {shared / 'seeds'}")
        return 0
    pairs = _pairs(ROOT / "seeds", shared)
    seeds = load(ROOT / "seeds")
    print(f"{len(pairs)} seed articles, {len(seeds.claims)} hand-written claims\n")
    _report(
        "draft, leave-one-out context", _run(pairs, seeds, mode="context", details=args.details)
    )
    _report("draft, no context", _run(pairs, seeds, mode="plain", details=False))
    _report("baseline: naive numbers", _run(pairs, seeds, mode="naive", details=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
