"""The pre-commit recipes of docs/ci.md, run on a temporary git repository that holds claim
files beside other YAML (mkdocs.yml, a workflow) and a table.

- ``repo: local``: the documented configuration, run by the real ``pre-commit`` (offline:
  ``language: system`` installs nothing). Skipped when pre-commit is not installed.
- the repository's own hooks (``.pre-commit-hooks.yaml``, ``language: python``): pre-commit
  would pip-install the package into a fresh environment, which needs a package index, so the
  suite runs each hook's ``entry`` exactly as pre-commit invokes it (``files`` filter over the
  repository's files, ``pass_filenames``). ``DISCREPANCY_TEST_PRECOMMIT_INSTALL=1`` also runs
  the real pre-commit against this checkout's HEAD (slow: it builds the hook environment).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI_DOC = ROOT / "docs" / "ci.md"


def documented_config(heading: str) -> str:
    """The YAML block under ``heading`` in docs/ci.md."""
    text = CI_DOC.read_text(encoding="utf-8")
    after = text.split(heading, 1)[1]
    match = re.search(r"```yaml\n(.*?)```", after, re.S)
    assert match, f"no yaml block under {heading!r} in docs/ci.md"
    return match.group(1)


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, env=_git_env()
    )
    return proc.stdout


def _git_env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }


def claims_repository(root: Path, *, conflict: bool = True) -> Path:
    """A git repository with two claim files (in conflict or not), a table, and other YAML."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    files = {
        "mkdocs.yml": "site_name: Flood desk\nnav:\n  - index.md\n",
        ".github/workflows/ci.yml": "on: [push]\njobs: {}\n",
        "data/stations.json": '{"stations": ["a", "b"]}\n',
        "pyproject.toml": '[tool.discrepancy]\npaths = ["claims"]\n',
        "claims/nis.yaml": (
            "discrepancy: 1\nsource: {id: nis}\nclaims:\n"
            '  - {subject: vardar-flood-2024, property: deaths, value: "40"}\n'
        ),
        "claims/ministry.yaml": (
            "discrepancy: 1\nsource: {id: ministry}\nclaims:\n"
            f'  - {{subject: vardar-flood-2024, property: deaths, value: "{12 if conflict else 40}"}}\n'
        ),
        "claims/wire.csv": "source,subject,property,value\nwire,vardar-flood-2024,deaths,about 41\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def launcher(folder: Path) -> dict[str, str]:
    """An environment whose ``discrepancy`` on PATH runs this checkout's code."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "discrepancy"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m discrepancy "$@"\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return {
        **_git_env(),
        "PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT / "src"),
        "NO_COLOR": "1",
    }


needs_pre_commit = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
)


@needs_pre_commit
def test_documented_local_hook_with_pre_commit(tmp_path: Path) -> None:
    repo = claims_repository(tmp_path / "repo")
    (repo / ".pre-commit-config.yaml").write_text(
        documented_config("### With `repo: local`"), encoding="utf-8"
    )
    git(repo, "add", "-A")
    env = launcher(tmp_path / "bin") | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "vardar-flood-2024" in failed.stdout and "12" in failed.stdout
    assert "site_name" not in failed.stdout and "E101" not in failed.stdout  # mkdocs.yml ignored
    (repo / "claims" / "ministry.yaml").write_text(
        (repo / "claims" / "ministry.yaml").read_text().replace('"12"', '"40"'), encoding="utf-8"
    )
    git(repo, "add", "-A")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def _hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


@pytest.mark.parametrize("hook_id", ["discrepancy", "discrepancy-changed"])
def test_repository_hook_entry_as_pre_commit_invokes_it(tmp_path: Path, hook_id: str) -> None:
    (hook,) = [h for h in _hooks() if h["id"] == hook_id]
    assert hook["language"] == "python"
    repo = claims_repository(tmp_path / "repo")
    git(repo, "add", "-A")
    env = launcher(tmp_path / "bin")

    def invoke() -> subprocess.CompletedProcess[str]:
        # pre-commit: the files git knows, filtered by the hook's `files` regex, appended to
        # `entry` when pass_filenames is true (the default), run from the repository's root
        files = [f for f in git(repo, "ls-files").splitlines() if re.search(str(hook["files"]), f)]
        argv = shlex.split(str(hook["entry"]))
        if hook.get("pass_filenames", True):
            argv += files
        return subprocess.run(argv, cwd=repo, capture_output=True, text=True, env=env, check=False)

    failed = invoke()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "vardar-flood-2024" in failed.stdout
    assert "Traceback" not in failed.stderr and "mkdocs" not in failed.stdout + failed.stderr
    (repo / "claims" / "ministry.yaml").write_text(
        (repo / "claims" / "ministry.yaml").read_text().replace('"12"', '"40"'), encoding="utf-8"
    )
    passed = invoke()
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_recipes_name_no_placeholder_or_unpublished_install() -> None:
    ci = CI_DOC.read_text(encoding="utf-8")
    assert not re.search(r"pip install discrepancy\b", ci)  # not on any package index
    for path in ("docs/ci.md", "pyproject.toml", "mkdocs.yml", ".pre-commit-hooks.yaml",
                 "README.md", "src/discrepancy/report/sarif.py"):  # fmt: skip
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "example.org" not in text and "discrepancy-dev" not in text, path


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("DISCREPANCY_TEST_PRECOMMIT_INSTALL", "") in ("", "0"),
    reason="builds the hook's environment with pip; set DISCREPANCY_TEST_PRECOMMIT_INSTALL=1",
)
@needs_pre_commit
def test_repository_hooks_installed_by_pre_commit(tmp_path: Path) -> None:
    rev = git(ROOT, "rev-parse", "HEAD").strip()
    repo = claims_repository(tmp_path / "repo")
    config = documented_config("### With the discrepancy repository")
    config = config.replace("../discrepancy", str(ROOT)).replace(
        "0123456789abcdef0123456789abcdef01234567", rev
    )
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(repo, "add", "-A")
    env = {**_git_env(), "PRE_COMMIT_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "vardar-flood-2024" in proc.stdout


def test_every_yaml_recipe_parses() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict), block
