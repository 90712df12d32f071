"""Paths named by claim files stay inside the allowed roots; only regular files are read."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from discrepancy.errors import ClaimFileError
from discrepancy.io import load
from discrepancy.io.files import FileRefused, read_bytes, walk_files

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")

CLAIM = """\
source: {{id: {id}, document: {document}}}
claims:
  - {{subject: s, property: p, value: 1, quote: "root:x"}}
"""


def claim_file(folder: Path, document: str, name: str = "a.yaml", sid: str = "a") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(CLAIM.format(id=sid, document=document))
    return path


def problems(paths: object, roots: list[Path]) -> list[str]:
    with pytest.raises(ClaimFileError) as info:
        load(paths, document_roots=roots)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    "document", ["/etc/passwd", "/proc/self/environ", "'C:\\\\Windows\\\\win.ini'"]
)
def test_absolute_document_is_refused_at_its_location(tmp_path: Path, document: str) -> None:
    path = claim_file(tmp_path / "claims", document)
    [line] = problems(path, [tmp_path])
    assert line.startswith(f"{path}:1:27: E005 'document' is an absolute path")


def test_dotdot_escape_is_refused(tmp_path: Path) -> None:
    path = claim_file(tmp_path / "project" / "claims", "../../../../../../etc/hostname")
    [line] = problems(path, [tmp_path / "project"])
    assert f"{path}:1:27: E005 'document':" in line
    assert "leads outside the allowed folders" in line


def test_dotdot_inside_the_root_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("root:x and more")
    path = claim_file(tmp_path / "claims", "../texts/a.txt")
    claims = load(path, document_roots=[tmp_path])
    assert claims.sources[0].document == os.path.normpath(tmp_path / "texts" / "a.txt")


def test_symlinked_document_leaving_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("GITHUB_TOKEN=ghp_S")
    project = tmp_path / "project"
    project.mkdir()
    (project / "doc.txt").symlink_to(outside)
    path = claim_file(project, "doc.txt")
    [line] = problems(path, [project])
    assert "E005" in line and "leads outside" in line


def test_symlink_loop_as_document_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    path = claim_file(tmp_path, "loop.txt")
    [line] = problems(path, [tmp_path])
    assert "E006" in line and "symlink loop" in line


@posix_only
def test_fifo_in_a_folder_is_not_a_regular_file(tmp_path: Path) -> None:
    claim_file(tmp_path, "doc.txt")
    os.mkfifo(tmp_path / "pipe.yaml")
    lines = problems(tmp_path, [tmp_path])
    assert [x for x in lines if "pipe.yaml" in x] == [
        f"{tmp_path / 'pipe.yaml'}: E006 not a regular file: a FIFO (named pipe)"
    ]


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_symlinked_into_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    [_, line] = problems(tmp_path, [tmp_path])  # and: the folder holds no claim files
    assert "zero.yaml" in line and "E005" in line


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_named_explicitly_is_not_a_regular_file(tmp_path: Path) -> None:
    [line] = problems("/dev/zero", [tmp_path])
    assert line == "/dev/zero: E006 '/dev/zero': not a regular file: a character device"


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_read_bytes_never_reads_a_device_or_past_the_limit(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as info:
        read_bytes("/dev/zero", limit=10)
    assert info.value.code == "E006"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 11)
    with pytest.raises(FileRefused) as info:
        read_bytes(big, limit=10)
    assert info.value.code == "E003"
    assert read_bytes(big, limit=11) == b"x" * 11


@posix_only
def test_fifo_as_document_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    path = claim_file(tmp_path, "pipe.txt")
    claims = load(path, document_roots=[tmp_path])
    from discrepancy.engine import check

    report = check(claims)
    assert [w.code for w in report.warnings] == ["E006"]
    assert "not a regular file: a FIFO" in report.warnings[0].message


def test_symlinked_folder_inside_the_root_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    claim_file(real, "t.txt", sid="b")
    (real / "t.txt").write_text("root:x")
    scan = tmp_path / "scan"
    claim_file(scan, "t.txt", sid="a")
    (scan / "t.txt").write_text("root:x")
    (scan / "linked").symlink_to(real, target_is_directory=True)
    claims = load(scan, document_roots=[tmp_path])
    assert sorted(s.id for s in claims.sources) == ["a", "b"]


def test_symlinked_folder_outside_the_root_is_reported(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    claim_file(real, "t.txt", sid="b")
    scan = tmp_path / "project" / "scan"
    claim_file(scan, "t.txt", sid="a")
    (scan / "t.txt").write_text("root:x")
    (scan / "linked").symlink_to(real, target_is_directory=True)
    [line] = problems(scan, [tmp_path / "project"])
    assert line.startswith(f"{scan / 'linked'}: E005")


def test_symlinked_file_outside_the_root_is_reported(tmp_path: Path) -> None:
    outside = tmp_path / "passwd.yaml"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    scan = tmp_path / "project"
    scan.mkdir()
    (scan / "pw.yaml").symlink_to(outside)
    [empty, line] = problems(scan, [scan])
    assert empty.startswith(f"{scan}: E001 folder")
    assert line.startswith(f"{scan / 'pw.yaml'}: E005")
    assert "root:x:0:0" not in line


def test_symlink_loops_in_a_folder_end(tmp_path: Path) -> None:
    claim_file(tmp_path / "scan", "t.txt")
    (tmp_path / "scan" / "t.txt").write_text("root:x")
    (tmp_path / "scan" / "again").symlink_to(tmp_path / "scan", target_is_directory=True)
    (tmp_path / "scan" / "self.yaml").symlink_to(tmp_path / "scan" / "self.yaml")
    lines = problems(tmp_path / "scan", [tmp_path])
    assert lines == [f"{tmp_path / 'scan' / 'self.yaml'}: E006 not a regular file: a symlink loop"]


def test_walk_files_enters_each_folder_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("")
    (tmp_path / "a" / "up").symlink_to(tmp_path, target_is_directory=True)
    refused: list[str] = []
    found = list(
        walk_files(
            tmp_path,
            [tmp_path],
            keep_dir=lambda n: True,
            keep_file=lambda n: n.endswith(".yaml"),
            refused=lambda p, e: refused.append(e.code),
        )
    )
    assert found == [tmp_path / "a" / "x.yaml"]
    assert refused == []
