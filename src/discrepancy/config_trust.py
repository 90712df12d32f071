"""Which configuration a check obeys, and which folders its inputs may lead into.

Claim files may come from people the repository does not trust (pull requests), so the
configuration never does: it is ``--config FILE``, or the nearest ``discrepancy.toml`` /
``pyproject.toml`` with ``[tool.discrepancy]`` found from the *working directory* upwards (like
ruff's project root), never one found by starting inside the folders being checked. A
configuration file that sits among the checked files is reported (:data:`UNTRUSTED_CONFIG`),
not obeyed.

The project root is the folder of the configuration in use, else the working directory;
documents and symlinks may lead into it and into the configured ``document-roots``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from discrepancy.config import Config
from discrepancy.config_file import CONFIG_FILE, PYPROJECT, find_config, has_tool_table
from discrepancy.errors import Problem
from discrepancy.io.files import FileRefused, resolve, resolve_roots, walk_files
from discrepancy.location import Location

#: The problem code of a configuration file found among the checked files (a warning).
UNTRUSTED_CONFIG: Final = "E203"

StrPath = str | os.PathLike[str]


def trusted_config(explicit: StrPath | None, *, cwd: Path | None = None) -> Path | None:
    """The configuration file a check obeys: ``explicit`` (``--config``) if given, else the
    nearest one at or above ``cwd`` (default: the working directory), else ``None``."""
    if explicit is not None:
        return Path(explicit)
    return find_config(cwd or Path.cwd())


def project_root(config_path: Path | None, *, cwd: Path | None = None) -> Path:
    """The folder of the configuration in use, else the working directory."""
    if config_path is not None:
        return Path(config_path).absolute().parent
    return cwd or Path.cwd()


def document_roots(config: Config, config_path: Path | None) -> tuple[Path, ...]:
    """The resolved folders documents and symlinks may lead into: the project root and the
    configured ``document-roots``."""
    return resolve_roots([project_root(config_path), *config.document_roots])


def configs_among(
    paths: Iterable[StrPath], used: Path | None, roots: Sequence[Path]
) -> list[Problem]:
    """A warning (:data:`UNTRUSTED_CONFIG`) for each configuration file inside the checked
    folders other than ``used``: a pull request that adds one must not change the check."""
    try:
        used_real = resolve(used) if used is not None else None
    except FileRefused:
        used_real = None
    problems: list[Problem] = []
    for given in paths:
        if not Path(given).is_dir():
            continue
        found = walk_files(
            given,
            roots,
            keep_dir=lambda name: not name.startswith("."),
            keep_file=lambda name: name in (CONFIG_FILE, PYPROJECT),
            refused=lambda _path, _err: None,  # the claim-file scan reports these
        )
        for path in found:
            try:
                if resolve(path) == used_real:
                    continue
            except FileRefused:
                continue
            if path.name == PYPROJECT and not has_tool_table(path):
                continue
            shown = os.fspath(used) if used is not None else "none, defaults apply"
            problems.append(
                Problem(
                    UNTRUSTED_CONFIG,
                    "configuration file among the checked files is not obeyed (configuration "
                    f"in use: {shown}); pass it with --config if it is meant to apply",
                    Location(os.fspath(path)),
                )
            )
    return problems


__all__ = [
    "UNTRUSTED_CONFIG",
    "configs_among",
    "document_roots",
    "project_root",
    "trusted_config",
]
