"""The public API is what discrepancy/__init__.py exports, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import discrepancy as dy


def test_all_names_exist() -> None:
    for name in dy.__all__:
        assert hasattr(dy, name), name


def test_design_example_runs() -> None:
    seeds = __import__("pathlib").Path(__file__).resolve().parents[1] / "seeds"
    claims = dy.load([seeds])
    one = dy.Claim(
        source="insider", subject="troops", property="deployed", value=dy.parse_quantity("11,000")
    )
    assert one.value.best == 11_000
    if claims is not None:
        report = dy.check(claims, config=dy.Config(quantity_major_ratio=2.0))
        assert report.agreement.matrix.shape == report.agreement.n.shape
        assert report.to_dict()["schema_version"] == 1


def test_import_does_not_load_heavy_optional_modules() -> None:
    code = "import sys, discrepancy; print(sorted(m for m in ('polars', 'pyarrow', 'pandas', 'dask', 'rich', 'pint') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_py_typed_is_shipped() -> None:
    from importlib.resources import files

    assert files("discrepancy").joinpath("py.typed").is_file()
