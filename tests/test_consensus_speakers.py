"""Speakers are the voices (issue 14, item 6): support and dissent name them beside the
outlets, and one origin (``said_by`` through entity aliases, any case) counts once."""

from __future__ import annotations

import io
import json
from pathlib import Path

from discrepancy.cli import main

NEWSLOOKS = """\
discrepancy: 1
source: {id: newslooks, name: Newslooks, published: 2024-10-18}
entities:
  peskov: {name: Dmitry Peskov, aliases: [Kremlin spokesperson]}
  zelenskyy: {name: Volodymyr Zelenskyy, aliases: [Zelensky]}
claims:
  - {id: nis, subject: dprk-troops, property: in-russia, value: true, said_by: NIS}
  - {id: kremlin, subject: dprk-troops, property: in-russia, value: false,
     said_by: Kremlin spokesperson}
  - {id: zel, subject: dprk-troops, property: in-russia, value: false, said_by: Zelensky}
"""

WIRE = """\
discrepancy: 1
source: {id: wire, name: Wire, published: 2024-10-19}
claims:
  - {id: t, subject: dprk-troops, property: in-russia, value: true}
  - {id: nis, subject: dprk-troops, property: in-russia, value: true, said_by: nis}
"""

INSIDER = """\
discrepancy: 1
source: {id: insider, name: Insider, published: 2024-10-20}
claims:
  - {id: t, subject: dprk-troops, property: in-russia, value: true}
"""

FILES = {"newslooks.yaml": NEWSLOOKS, "wire.yaml": WIRE, "insider.yaml": INSIDER}


def _json(tmp_path: Path, files: dict[str, str]) -> dict:
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(tmp_path), "--format", "json"], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue())


def test_dissent_names_the_speakers_an_outlet_reports(tmp_path: Path) -> None:
    report = _json(tmp_path, FILES)
    (c,) = report["consensus"]
    assert c["value"] == "true"
    assert c["dissent"] == []  # every outlet has a claim backing "true"...
    assert c["dissent_speakers"] == ["peskov", "zelenskyy"]  # ...but these two said no
    # NIS and nis are one origin (one voice), named once in its smallest spelling
    assert c["support_speakers"] == ["NIS"]


def test_every_format_names_the_speakers(tmp_path: Path) -> None:
    for name, body in FILES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        out, err = io.StringIO(), io.StringIO()
        main(["check", str(tmp_path), "--format", fmt], stdout=out, stderr=err)
        shown = out.getvalue()
        assert "peskov" in shown, fmt
        assert "zelenskyy" in shown, fmt


def test_one_origin_in_any_case_is_one_voice_whatever_its_relays_print(tmp_path: Path) -> None:
    """LRC quoted with 11,300 by one outlet and as lrc, rounded to 11,000, by another is
    one origin: the fact rests on a single origin, not on two voices."""
    rows = ["source,subject,property,value,said_by", 'wire,flood,deaths,"11,300",LRC']
    rows.append('tv,flood,deaths,"11,000",lrc')
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path), "--format", "json"], stdout=out, stderr=err) in (0, 1)
    (c,) = json.loads(out.getvalue())["consensus"]
    assert c["basis"] == "single-origin"
    # the same two relays naming two different speakers are two voices
    path.write_text("\n".join(rows).replace(",lrc", ",Kremlin") + "\n", encoding="utf-8")
    out = io.StringIO()
    main(["check", str(path), "--format", "json"], stdout=out, stderr=err)
    (c,) = json.loads(out.getvalue())["consensus"]
    assert c["basis"] != "single-origin"
