"""Rules on single claims: suppressions, quotes, drafts and withdrawn claims (codes E3xx)."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.quotes import find_quote
from discrepancy.rules.finding import claim_finding
from discrepancy.verdict import Level

#: passages longer than this are cut in messages
_PASSAGE_CHARS = 160


def suppression_without_reason(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """E301 suppression without a reason

    What: a claim's `ignore:` entry that gives no reason (`ignore: {Q001: ""}` or
    `ignore: {Q001: null}`).
    Why: a suppression hides a finding from everyone who reads the report later; the reason is
    what tells them it was looked at, not swept away.
    Example: `ignore: {Q001: ""}` -> warning; write `ignore: {Q001: "counts only the first
    group"}` instead.
    Configuration: none (it can itself be ignored like any rule).
    """
    for claim in group.claims:
        for code, reason in claim.ignore:
            if not reason.strip():
                yield claim_finding(
                    group,
                    claim,
                    rule="E301",
                    level=Level.WARNING,
                    message=(
                        f"{claim.ref} suppresses {code} without a reason; "
                        f'write ignore: {{{code}: "why this is not a problem"}}'
                    ),
                )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _PASSAGE_CHARS else text[: _PASSAGE_CHARS - 1] + "…"


def quote_not_in_document(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """E302 quote not in document

    What: a claim's `quote` that does not appear in its source's `document`. Matching ignores
    case, line breaks and runs of spaces, and the kind of quote marks and dashes.
    Why: the quote is the evidence for the claim; one that is not in the text was mistyped,
    paraphrased, or taken from another article. The message shows the closest passage.
    Example: quote "1,500 special forces soldiers arrived" when the document says "1,500 North
    Korean special forces soldiers arrived" -> warning, closest passage (score 87).
    Configuration: none; the document is the source's `document:` path, read before the rules
    run (only sources that set it are checked).
    """
    for claim in group.claims:
        text = group.documents.get(claim.source)
        if claim.quote is None or text is None:
            continue
        match = find_quote(claim.quote, text)
        if match.found:
            continue
        closest = (
            f"; closest passage ({match.score:.0f}%): '{_short(match.passage)}'"
            if match.passage
            else ""
        )
        yield claim_finding(
            group,
            claim,
            rule="E302",
            level=Level.WARNING,
            message=f"quote of {claim.ref} not found in its document: '{_short(claim.quote)}'{closest}",
        )


def draft_claim_present(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """E303 draft claim present

    What: a claim with `status: draft`: written by `discrepancy draft` from an article and not
    yet reviewed by a person.
    Why: a drafted claim is a suggestion: its subject, property, speaker or value may be wrong.
    Until someone reads it against the text and deletes its `status: draft` line, it is left
    out of findings, agreement and consensus, and this warning lists it, so a CI gate with
    `fail-on = "warning"` fails while drafts remain.
    Example: `status: draft` on `newslooks/d3` ("approximately 1,500") -> warning "draft claim
    newslooks/d3 is not reviewed yet"; delete the line to accept the claim, or the claim to
    reject it.
    Configuration: `discrepancy check --include-drafts` compares drafts like accepted claims
    (this warning still lists them).
    """
    for claim in group.claims:
        if claim.is_draft:
            yield claim_finding(
                group,
                claim,
                rule="E303",
                level=Level.WARNING,
                message=(
                    f"draft claim {claim.ref} is not reviewed yet; check it against the text, "
                    "then delete its 'status: draft' line to accept it"
                ),
            )


def withdrawn_claim(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """E304 withdrawn claim

    What: a claim that a later claim of the same source or speaker `supersedes`, that its
    source `retracted`, or that the speaker it is attributed to denies (`denied_by`).
    Why: a corrected, retracted or disowned figure is not what anyone says any more: it is
    left out of findings (so an outlet that corrects itself does not contradict itself),
    agreement and consensus. It stays in the report, marked, because how a figure moved is
    part of the story.
    Example: `newslooks/toll-2` with `supersedes: toll-1` -> note "newslooks/toll-1
    ("5,300") is withdrawn: superseded by newslooks/toll-2".
    Configuration: none (an info note: it never fails a check).
    """
    for claim in group.claims:
        why = claim.withdrawn
        if why is not None:
            yield claim_finding(
                group,
                claim,
                rule="E304",
                level=Level.INFO,
                message=(
                    f'{claim.ref} ("{claim.raw_text}") is withdrawn: {why}; it is left out of '
                    "findings, agreement and consensus"
                ),
            )
