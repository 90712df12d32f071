"""Making report text safe for each output, and showing report values as plain text.

Renderers get the JSON report (a dict that may have come from a file someone else wrote), so
every string in it is untrusted: a source could be named ``<script>alert(1)</script>``. Each
target has one escaping function here, and the renderers use nothing else:

- :func:`printable` for terminals (text format): control characters and bidi overrides become
  visible escapes, so data can't move the cursor, recolour the screen or reorder a line;
  :func:`problem_line` for the exit-2 problem lines (also capped in length), and
  :func:`log_text` so no output line starts a CI workflow command;
- :func:`html_text` for HTML text and attribute values;
- :func:`md_text` / :func:`md_block` / :func:`md_code` for Markdown (tables included);
- :func:`gh_data` / :func:`gh_property` for GitHub workflow commands;
- :func:`xml_text` for XML 1.0 (JUnit);
- :func:`json_safe` for JSON (NaN and infinities become ``null``), :func:`json_text` for its
  encoded text (U+0085, U+2028/9 and bidi controls as ``\\u`` escapes).

The ``show_*`` helpers turn report values (numbers, locations, normalised values, scopes)
into short display text; they don't escape, callers escape the result for their target.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

from discrepancy.types.registry import claim_types, find_type

# -- untrusted text per target ---------------------------------------------------------------

#: C0/C1 controls, DEL, line/paragraph separators, bidi marks and embeddings/overrides/isolates.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_unprintable(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """One line of terminal-safe text: controls (ESC, newlines) shown as ``\\x1b``, ``\\n``."""
    return _UNPRINTABLE.sub(_escape_unprintable, text(value))


#: Longest quoted value shown in a problem message, in characters (then an ellipsis).
QUOTE_LIMIT = 200
#: Longest problem line printed, in characters (then an ellipsis).
LINE_LIMIT = 2000
_ELLIPSIS = "…"
#: A workflow command (``::error::``, ``::add-mask::``) starts a log line with ``::``.
_COMMAND_START = re.compile(r"^(\s*):")


def shorten(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` as text, cut to ``limit`` characters with an ellipsis when longer."""
    s = text(value)
    return s if len(s) <= limit else s[: max(limit - 1, 0)] + _ELLIPSIS


def _cap_quoted(message: str, limit: int) -> str:
    # Each 'quoted' run longer than ``limit`` is cut; one pass, linear in the message.
    out: list[str] = []
    pos = 0
    while (start := message.find("'", pos)) >= 0:
        end = message.find("'", start + 1)
        if end < 0:
            break
        out.append(message[pos : start + 1])
        out.append(shorten(message[start + 1 : end], limit))
        out.append("'")
        pos = end + 1
    out.append(message[pos:])
    return "".join(out)


def log_line(value: object) -> str:
    """A line that a CI runner can't read as a workflow command: a leading ``:`` is shown as
    ``\\x3a`` (``::add-mask::``, ``::stop-commands::`` and ``::error ...::`` only act at the
    start of a line)."""
    return _COMMAND_START.sub(r"\1\\x3a", text(value), count=1)


def log_text(value: object) -> str:
    """:func:`log_line` applied to every line of a multi-line output (not the ``github``
    format, whose workflow commands are meant)."""
    return "\n".join(log_line(line) for line in text(value).split("\n"))


def problem_line(value: object) -> str:
    """One inert terminal line for a problem (exit-2 output): quoted values capped at
    :data:`QUOTE_LIMIT` characters, the line at :data:`LINE_LIMIT`, controls shown as escapes
    (:func:`printable`) and no workflow command at its start (:func:`log_line`)."""
    capped = shorten(_cap_quoted(text(value), QUOTE_LIMIT), LINE_LIMIT)
    return log_line(printable(capped))


def text(value: object) -> str:
    """``value`` as text; ``None`` is the empty string and booleans are ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def html_text(value: object) -> str:
    """Text for HTML content or a quoted attribute: ``& < > " '`` escaped, controls removed."""
    return html.escape(xml_text(text(value)), quote=True)


#: Characters that start Markdown syntax anywhere in a line (emphasis, code, links, tables).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
#: At the start of a line these make a heading, list, quote or rule.
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))")


#: A zero-width space, written as an entity: it breaks GitHub's mentions, references,
#: autolinks and emoji shortcodes without changing what a reader sees.
_BREAK = "&#8203;"
#: What GitHub turns into a ping or a link in plain text, matched where a zero-width space
#: must go: ``@user``, ``@org/team`` and e-mail addresses; ``#12``, ``org/repo#12`` and ``GH-12``
#: references; ``https://`` and ``www.`` autolinks (GFM's extended autolinks); ``:emoji:``.
_MD_AUTO = re.compile(
    r"@(?=\w)|(?:#|\bGH-)(?=\d)|(?<=\w)(?=://)|(?<=\bwww)(?=\.)|:(?=[\w+-]+:)",
    re.IGNORECASE,
)


def md_inert(s: str) -> str:
    """Break the GitHub auto-features that act on plain text: @mentions, #references,
    autolinks and ``:emoji:`` shortcodes (a zero-width space after the trigger). One pass, so
    an inserted break is never broken again."""
    return _MD_AUTO.sub(lambda m: m.group() + _BREAK, s)


def md_text(value: object) -> str:
    """Inline Markdown text that renders as itself, on one line, safe inside a table cell.

    HTML is neutralised (``<img ...>`` shows as text), ``|`` can't split a cell, newlines can't
    end a row, and backticks, brackets and emphasis characters can't form code, links or styles;
    @mentions, #references, autolinks and ``:emoji:`` are broken (:func:`md_inert`).
    """
    s = _UNPRINTABLE.sub(" ", text(value))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return md_inert(_MD_SPECIAL.sub(r"\\\1", s).strip())


def md_block(value: object) -> str:
    """:func:`md_text` for the start of a line: also a leading ``#``, ``-``, ``>`` or ``1.``
    can't turn the paragraph into a heading, list or quote."""
    return _MD_LINE_START.sub(_escape_line_start, md_text(value))


def _escape_line_start(m: re.Match[str]) -> str:
    lead, mark, digits, punct = m.groups()
    if mark is not None:
        return f"{lead}\\{mark}"
    return f"{lead}{digits}\\{punct}"  # "1." would start an ordered list


def md_code(value: object) -> str:
    """Text as Markdown code that renders as itself: ``md_text`` but set in a ``<code>`` span.

    Code spans can't hold an escaped ``|`` portably, so this uses HTML ``<code>`` with entities.
    """
    s = _UNPRINTABLE.sub(" ", text(value))
    s = html.escape(s, quote=True).replace("|", "&#124;").replace("`", "&#96;")
    s = s.replace("\\", "&#92;").replace("*", "&#42;").replace("_", "&#95;")
    s = s.replace("[", "&#91;").replace("]", "&#93;").replace("~", "&#126;")
    return f"<code>{s}</code>" if s else ""


def gh_data(value: object) -> str:
    """The message part of a GitHub workflow command: ``%``, CR and LF encoded as GitHub
    decodes them; other controls (ESC would colour the log) shown as escapes."""
    s = text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNPRINTABLE.sub(_escape_unprintable, s)


def gh_property(value: object) -> str:
    """A property value of a GitHub workflow command (also ``:`` and ``,`` encoded)."""
    return gh_data(value).replace(":", "%3A").replace(",", "%2C")


#: Characters XML 1.0 forbids even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


#: Characters XML allows that still act on a reader: DEL, C1 controls (U+0085 ends a line in
#: many tools), U+2028/9 and bidi controls.
_XML_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def xml_text(value: object) -> str:
    """Text with the characters that XML 1.0 can't represent removed, and the ones that would
    reorder or break lines for a reader (bidi controls, U+0085, U+2028/9) shown as escapes
    (escaping markup is the serializer's job; :mod:`xml.etree.ElementTree` does it)."""
    return _XML_ACTIVE.sub(_escape_unprintable, _XML_ILLEGAL.sub("", text(value)))


#: Characters JSON leaves raw that end lines or reorder text for other readers: DEL, C1
#: controls (U+0085 is a line break to many tools), U+2028/9 and bidi controls.
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(encoded: str) -> str:
    """JSON text (from ``json.dumps``) with the characters of :data:`_JSON_RAW` written as
    ``\\uXXXX`` escapes: the same JSON value, but no line breaks or bidi controls for log
    shippers, ``str.splitlines`` or JavaScript to trip on."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


#: types :func:`json_safe` keeps as they are (``float`` is not one: NaN and infinities)
_PLAIN: frozenset[type] = frozenset({str, int, bool, type(None)})


def json_safe(value: Any) -> Any:
    """A copy of ``value`` that strict JSON can hold: NaN and infinities become ``None``,
    tuples become lists, keys become strings, numpy scalars plain numbers."""
    # exact built-in types first (a report holds little else); subclasses and numpy
    # scalars take the general path below
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is dict:
        return {
            k if type(k) is str else str(k): v if type(v) in _PLAIN else json_safe(v)
            for k, v in value.items()
        }
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else json_safe(v) for v in value]
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        return x if math.isfinite(x) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


# -- report values as display text -----------------------------------------------------------


def number(value: object) -> float | None:
    """``value`` as a float if it is a real number (numpy scalars too, booleans not)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return None


def show_number(value: object, *, digits: int = 2) -> str:
    """``12000`` -> ``12,000``; ``6.6667`` -> ``6.67``; ``None``/NaN -> ``-``; inf -> ``∞``."""
    x = number(value)
    if x is None:
        return "-" if value is None else text(value)
    if math.isnan(x):
        return "-"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    out = f"{x:,.{digits}f}".rstrip("0").rstrip(".")
    return "0" if out in ("", "-0") else out


#: bases a report names beside the confidence: estimates that rest on no agreement, and
#: values the user verified (a confidence of 1 that says where it comes from)
NOTED_BASES = frozenset({"single-origin", "tie", "verified"})


def show_confidence(entry: Mapping[str, object]) -> str:
    """A consensus entry's confidence, with its basis when that is a single origin, a tie or
    a verified value (``0.67 single-origin``, ``1 verified``): a reader sees that nobody
    confirmed it, that a rule picked, or that the user fixed it."""
    shown = show_number(entry.get("confidence"))
    basis = entry.get("basis")
    return f"{shown} {basis}" if basis in NOTED_BASES else shown


def show_share(value: object) -> str:
    """A share in [0, 1] as a whole percentage; ``None`` -> ``-``."""
    x = number(value)
    if x is None or not math.isfinite(x):
        return "-"
    return f"{round(x * 100):d}%"


def show_magnitude(value: object, kind: object = None) -> str:
    """A disagreement's size in its type's terms: quantities ``×6.67`` (ratio), dates
    ``12 days``, sets ``distance 0.5`` (1 − Jaccard); ``""`` when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    shown = show_number(value)
    claim_type = find_type(kind) if isinstance(kind, str) else None
    return claim_type.show_magnitude(shown) if claim_type is not None else shown


def show_location(loc: object) -> str:
    """``path:line:col``, or ``path`` when the line is unknown, or ``""``."""
    if not isinstance(loc, Mapping):
        return ""
    path = text(loc.get("path"))
    line = as_int(loc.get("line"))
    if line <= 0:
        return path
    return f"{path}:{line}:{max(as_int(loc.get('column')), 1)}"


def show_scope(scope: object) -> str:
    """``{stage: planned}`` -> ``stage=planned``; empty -> ``""``."""
    if not isinstance(scope, Mapping) or not scope:
        return ""
    return ", ".join(f"{text(k)}={text(v)}" for k, v in scope.items())


def show_key(subject: object, prop: object, scope: object = None) -> str:
    """A group's key: ``subject · property [scope]``."""
    out = f"{text(subject)} · {text(prop)}"
    sc = show_scope(scope)
    return f"{out} [{sc}]" if sc else out


def show_normalized(norm: object) -> str:
    """A claim's normalised value in a few characters, whatever its type.

    Quantity ``{low, best, high}`` -> ``9,500..10,500 (best 10,000)`` (or ``1,500`` if exact);
    date ``{start, end}`` -> ``2024-10-08..2024-10-13``; set -> ``{a, b}`` (``complete`` adds
    ``, exactly``); label/assertion -> the label or ``true``/``false``.
    """
    if not isinstance(norm, Mapping):
        return text(norm)
    for claim_type in claim_types().values():  # each type shows its own form (to_dict)
        shown = claim_type.show(norm, show_number, text)
        if shown is not None:
            return shown
    return ", ".join(f"{text(k)}={text(v)}" for k, v in norm.items())


def show_bound(value: object) -> str:
    """A consensus bound: numbers via :func:`show_number`, dates and labels as written."""
    if number(value) is not None:
        return show_number(value)
    return "-" if value is None else text(value)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``, ``6,000 claims``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def summary_scope(summary: Mapping[str, Any]) -> str:
    """``in 25 groups of 67 claims from 5 sources``: what a report's summary line counts."""
    return (
        f"in {plural(as_int(summary.get('groups')), 'group')} of "
        f"{plural(as_int(summary.get('claims')), 'claim')} from "
        f"{plural(as_int(summary.get('sources')), 'source')}"
    )


def as_int(value: object) -> int:
    """A count from the report, tolerating ``None`` and junk (0)."""
    x = number(value)
    return int(x) if x is not None and math.isfinite(x) else 0


def as_list(value: object) -> list[Any]:
    """A list from the report, tolerating ``None`` and junk (empty)."""
    return value if isinstance(value, list) else list(value) if isinstance(value, tuple) else []


def as_map(value: object) -> Mapping[str, Any]:
    """A mapping from the report, tolerating ``None`` and junk (empty)."""
    return value if isinstance(value, Mapping) else {}
