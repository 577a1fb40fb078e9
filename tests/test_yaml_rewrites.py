"""The commands that rewrite a file the user wrote (``dossier exhibit add``,
a translation's ``translation-of``) change only the lines they add or
replace: comments, key order, quotes and indentation stay as the user wrote
them. They edit the text rather than dump the YAML again, which no YAML
library does line for line (docs/performance.md, "Libraries")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier.load.exhibits import append_exhibit
from dossier.load.translations import record_source

HEADER = """\
---
# Checked by the desk on 3 May.
title: 'Shelling of the market'   # as in the police report
id: ALD-2026-001
location:
    name: Kellbrook     # the old town
    country: ALD
exhibits:
  - file: exhibits/a.pdf   # the original scan
    sha256: "00"
# Sources come last.
sources: [police-2026-08-10]
---

The narrative.
"""


def test_adding_an_exhibit_keeps_every_line_of_the_header(tmp_path: Path) -> None:
    now = dt.datetime(2026, 5, 3, tzinfo=dt.UTC)
    entry = {"file": "exhibits/b.pdf", "sha256": "11", "captured": now, "by": "desk"}
    after = append_exhibit(HEADER, tmp_path / "ALD-2026-001.md", entry)
    assert [line for line in HEADER.split("\n") if line not in after.split("\n")] == []
    assert after.index("# the original scan") < after.index("  - file: exhibits/b.pdf")
    assert after.index("exhibits/b.pdf") < after.index("sources: [police-2026-08-10]")


def test_recording_a_translation_keeps_every_other_line(tmp_path: Path) -> None:
    path = tmp_path / "01-intro.md"
    path.write_text(HEADER, encoding="utf-8")
    record_source(path, "ab12")
    after = path.read_text(encoding="utf-8").split("\n")
    assert [line for line in HEADER.split("\n") if line not in after] == []
    assert [line for line in after if line not in HEADER.split("\n")] == ["translation-of: ab12"]
