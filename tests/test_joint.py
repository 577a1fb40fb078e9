"""Letters to several addressees and joint letters of several signatories,
as the submission package and the documents as issued print them, built
with the real pandoc and Typst."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from submission_fixtures import build, draft, pages

BOTH = "addressee: [secretary-general, president-of-the-security-council]"


def docx_text(docx: Path) -> str:
    """The text of the document's paragraphs, one a line."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join("".join(p.itertext()) for p in root.iter(f"{w}p"))


@pytest.fixture(scope="module")
def two_addressees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("addressees")
    root = draft(tmp / "letter")
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    text = text.replace("addressee: president-of-the-security-council", BOTH)
    (root / "dossier.yaml").write_text(text, encoding="utf-8")
    build(root, tmp / "build")
    return tmp / "build" / "letter" / "public" / "submission"


def test_the_addressee_block_names_each_in_order(two_addressees: Path) -> None:
    last = pages(two_addressees / "letter.letter.en.pdf")[0]
    lines = [line.strip() for line in last.splitlines() if line.strip()]
    start = lines.index("Secretary-General")
    assert lines[start : start + 4] == [
        "Secretary-General",
        "President of the Security Council",
        "United Nations",
        "New York",
    ]
    text = docx_text(two_addressees / "letter.letter.en.docx")
    assert "Secretary-General\nPresident of the Security Council\nUnited Nations" in text


def test_the_record_lists_the_addressees_in_order(two_addressees: Path) -> None:
    record = json.loads((two_addressees / "submission.json").read_text(encoding="utf-8"))
    assert record["addressees"] == ["secretary-general", "president-of-the-security-council"]
