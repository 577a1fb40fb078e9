"""LibreOffice opens the submission package's Word files and prints them:
on the pages a diplomat signs, the letterhead is on page 1 only, there is
room to sign above the signatory's name, the annex begins a new page, and
there is no UN masthead and no symbol; a draft is marked on every page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from submission_fixtures import SYMBOL, build, draft, make, pages

from .conftest import tool

TIMEOUT = 300
# Room to sign: from the complimentary close to the signatory's name.
SIGNING_ROOM = 40.0  # points


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The letter's DOCX of an issued and of a draft package, and the
    Secretariat's file, printed to PDF by one LibreOffice."""
    soffice = tool("soffice", "libreoffice-writer", "LibreOffice")
    tool("pdftotext", "poppler-utils")
    tmp = tmp_path_factory.mktemp("submission-lo")
    docs = {}
    for name, root in (("issued", make(tmp / "issued")), ("draft", draft(tmp / "draft"))):
        out = tmp / f"build-{name}"
        build(root, out)
        folder = out / name / "public" / "submission"
        for part in ("letter", "secretariat"):
            source = folder / f"{name}.{part}.en.docx"
            docs[f"{name}-{part}"] = source.rename(tmp / f"{name}-{part}.docx")
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "pdf"),
            *map(str, docs.values()),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, f"LibreOffice failed: {run.stderr}"
    return {key: tmp / "pdf" / f"{key}.pdf" for key in docs}


def words(pdf: Path, page: int) -> list[tuple[str, float]]:
    """Each word of ``page`` with the top of its box (pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    return [(word, float(top)) for top, word in found]


def test_the_letterhead_is_on_page_one_only(printed: dict[str, Path]) -> None:
    text = [" ".join(p.split()) for p in pages(printed["issued-letter"])]
    assert "Permanent Mission of the Republic of Aldoria to the United Nations" in text[0]
    assert "1 Example Plaza" in text[0]
    assert all("1 Example Plaza" not in page for page in text[1:])


def test_there_is_room_to_sign(printed: dict[str, Path]) -> None:
    found = words(printed["issued-letter"], 1)
    close = max(top for word, top in found if word == "consideration.")
    name = min(top for word, top in found if word == "Castellan")
    assert name - close > SIGNING_ROOM


def test_the_annex_begins_a_new_page(printed: dict[str, Path]) -> None:
    for key in ("issued-letter", "issued-secretariat"):
        text = pages(printed[key])
        starts = [i for i, page in enumerate(text) if "Annex to the letter" in page]
        assert starts and starts[0] > 0, key
        assert text[starts[0]].strip().startswith("Annex to the letter"), key


def test_no_masthead_and_no_symbol(printed: dict[str, Path]) -> None:
    for key in ("issued-letter", "issued-secretariat"):
        for page in pages(printed[key]):
            assert SYMBOL not in page and "Distr." not in page and "26-21345" not in page


def test_a_draft_is_marked_on_every_page_in_word_too(printed: dict[str, Path]) -> None:
    text = pages(printed["draft-letter"])
    assert len(text) > 1 and all("DRAFT" in page for page in text)
    assert all("DRAFT" not in page for page in pages(printed["issued-letter"]))
