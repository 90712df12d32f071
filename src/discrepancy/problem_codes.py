"""The catalogue of problem codes: what is wrong with an input file before anything is checked.

Rules (``Q001``...) find disagreements between claims; problem codes (``E001``...) say a claim
file, table or configuration can't be read as written. Both are printed by ``discrepancy rule
CODE``. E301/E302 are rules (warnings in the report), listed in the rule registry.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class ProblemCode:
    """One problem code: what it means and how to fix it."""

    code: str
    title: str
    fix: str


PROBLEM_CODES: tuple[ProblemCode, ...] = (
    ProblemCode("E001", "file cannot be read, does not exist, or has an unsupported extension",
                "check the path; claim files end in .yaml, .yml, .json or .jsonl, tables in .csv or .parquet"),
    ProblemCode("E002", "not valid YAML, JSON or JSON Lines (with the parser's line and column)",
                "fix the syntax at the reported line; quote values that contain ': ' or start with '[', '{', '*' or '&'"),
    ProblemCode("E003", "file larger than the size limit",
                "split the file, or load it as a table with check_table"),
    ProblemCode("E004", "unsafe or oversized structure: YAML anchors/aliases, tags, nesting deeper than the limit, too many nodes",
                "write the values out in full; claim files are data, not YAML programs"),
    ProblemCode("E005", "a path leads outside the allowed folders: an absolute `document:`, a `..` escape, or a symlink (in a folder or as a document) pointing outside the project",
                "keep documents and claim files inside the project (the folder of the configuration, else the working directory), or allow their folder with `document-roots`"),
    ProblemCode("E006", "not a regular file: a FIFO, device, socket or symlink loop where a file was expected",
                "point at a regular file; claim files, documents, baselines and configuration are never read from pipes or devices"),
    ProblemCode("E007", "an article to draft from holds no text: a binary file, an empty one, or an HTML page without article text",
                "give `discrepancy draft` the article as UTF-8 text (or HTML with the `html` extra)"),
    ProblemCode("E008", "a check beyond a documented limit: a group of more than 1,000 claims, or more than 4,000 sources",
                "split the group with `scope` or `as_of`, or check subsets of the sources"),
    ProblemCode("E101", "unknown key (with a did-you-mean)",
                "use one of the keys the message lists; `discrepancy schema` gives them all"),
    ProblemCode("E102", "missing required key",
                "every claim needs subject, property and value; every source an id"),
    ProblemCode("E103", "a key has the wrong kind of value (e.g. `claims` is not a list, `scope` not a mapping)",
                "write the value in the shape the message names"),
    ProblemCode("E104", "invalid id",
                "ids match `[a-z0-9][a-z0-9_.-]*`: lower-case letters, digits, '_', '.', '-'"),
    ProblemCode("E105", "unsupported claim-file format version",
                "write `discrepancy: 1` or leave the key out"),
    ProblemCode("E110", "value does not parse as its type (the message quotes it and lists forms that parse)",
                "write the value in one of the listed forms, or set `type:` to what it is"),
    ProblemCode("E111", "unknown `type` (with a did-you-mean)",
                "use quantity, date, set, label or assertion (or a plugin's type)"),
    ProblemCode("E112", "a date field (`published`, `as_of`) does not parse",
                "write an ISO date such as 2024-10-18; `published` must be a single day"),
    ProblemCode("E113", "user knowledge that does not read: a `reliability` outside 0..1, a `grade` that is not an Admiralty grade, a `verified` that is not true/false",
                "write reliability as a number from 0 to 1, grade as a letter A-F and/or a digit 1-6 (B2), verified as true or false"),
    ProblemCode("E120", "duplicate claim id within a source",
                "give each claim of a source its own id, or leave ids out to number them"),
    ProblemCode("E121", "duplicate source id across the files of one check",
                "give each source its own id; one file per source"),
    ProblemCode("E122", "a claim names a source that is not defined, or a file has no source",
                "add `source:` to the file, or define the id under `sources:`"),
    ProblemCode("E123", "an entity defined twice with contradictory names or aliases",
                "define each entity once, or make the definitions agree"),
    ProblemCode("E124", "two source names or `said_by` speakers print alike but differ (a warning): invisible characters, fullwidth forms or letters of another script",
                "write one spelling for one name; ids with such characters are an error (E104)"),
    ProblemCode("E125", "a correction that cannot hold: `supersedes` names no claim, the claim itself, a claim of another source and speaker, or closes a cycle; or a `reason` with no retraction, denial or correction to explain",
                "name an earlier claim of the same source ('id') or the same speaker ('source/id'); a different source's figure is a conflict, not a correction"),
    ProblemCode("E130", "an entity's `part_of` or `sum_of` names no declared entity (with a did-you-mean)",
                "declare the whole (or part) under `entities:`, or fix the spelling"),
    ProblemCode("E131", "entities or scopes lie within each other in a circle (`part_of`/`sum_of`)",
                "a part can't contain its whole: remove one `part_of` of the circle the message names"),
    ProblemCode("E132", "a claim's `after:` names no claim, names itself, or orders something that is not a date",
                "write the id of a date claim of the same source, or `source/claim`, on a date claim"),
    ProblemCode("E201", "unknown configuration key (with a did-you-mean)",
                "use a key from the configuration reference"),
    ProblemCode("E202", "bad configuration value",
                "give the value the type and range the message names"),
    ProblemCode("E203", "a configuration file among the checked files is not obeyed (a warning): configuration comes from --config or the working directory and its parents",
                "move the settings into the project's configuration, or pass the file with --config if it is trusted"),
)  # fmt: skip


def problem_code(code: str) -> ProblemCode | None:
    """The entry for ``code`` (case-insensitive), or ``None``."""
    code = code.upper()
    return next((p for p in PROBLEM_CODES if p.code == code), None)


__all__ = ["PROBLEM_CODES", "ProblemCode", "problem_code"]
