"""The submission package: what the mission signs and sends, built with the
real pandoc and Typst from a copy of the example's letter with a letterhead.
(LibreOffice's reading of the letter's DOCX: tests/clients/test_submission_pages.py.)"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dossier.assemble.submission_text import submission_strings
from dossier.cli import main
from dossier.core.files import file_sha256
from dossier.core.localise import locale
from dossier.pipeline.loading import load
from submission_fixtures import SYMBOL, build, draft, make, pages

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MISSION_EN = "Permanent Mission of the Republic of Aldoria to the United Nations"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package of the letter as it is (issued: it has a symbol)."""
    tmp = tmp_path_factory.mktemp("issued")
    build(make(tmp / "letter"), tmp / "build")
    return tmp / "build" / "letter" / "public" / "submission"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("draft")
    build(draft(tmp / "letter"), tmp / "build")
    return tmp / "build" / "letter" / "public" / "submission"


def xml(docx: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def parts_of(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_package_holds_letter_word_file_and_record(issued: Path) -> None:
    names = sorted(p.name for p in issued.iterdir())
    assert names == [
        "letter.letter.en.docx",
        "letter.letter.en.pdf",
        "letter.secretariat.en.docx",
        "submission.json",
    ]
    record = json.loads((issued / "submission.json").read_text(encoding="utf-8"))
    assert record["language"] == "en"
    assert record["status"] == "issued"
    assert record["addressees"] == ["president-of-the-security-council"]
    assert record["agenda_items"] == []
    assert record["reference"] == "ALD/UN/2026/417"
    hashes = {f["name"]: f["sha256"] for f in record["files"]}
    assert hashes == {n: file_sha256(issued / n) for n in names if n != "submission.json"}


def test_the_signed_letter_pdf_has_the_letterhead_on_page_one_only(issued: Path) -> None:
    text = pages(issued / "letter.letter.en.pdf")
    first = " ".join(text[0].split())
    assert MISSION_EN in first
    assert "ALD/UN/2026/417" in first and "New York, 27 November 2026" in first
    assert "Excellency," in first
    assert "Please accept, Excellency, the assurances of my highest consideration." in first
    assert "President of the Security Council United Nations New York" in first
    assert all("1 Example Plaza" not in page for page in text[1:])
    # the annex begins a page of its own
    assert any(page.strip().startswith("Annex to the letter") for page in text[1:])
    assert all(SYMBOL not in page and "Distr." not in page for page in text)


def test_the_signed_letter_docx_has_no_masthead_and_no_symbol(issued: Path) -> None:
    files = parts_of(issued / "letter.letter.en.docx")
    words = b"".join(data for name, data in files.items() if name.endswith(".xml"))
    assert SYMBOL.encode() not in words and b"Distr." not in words
    body = files["word/document.xml"].decode()
    assert MISSION_EN in body and "Excellency," in body
    assert any(name.startswith("word/media/") for name in files)  # the emblem


def test_the_secretariat_file_has_only_real_styles(issued: Path) -> None:
    docx = issued / "letter.secretariat.en.docx"
    styles = xml(docx, "word/styles.xml")
    defined = set(styles.xpath("//w:style/@w:styleId", namespaces=NS))
    files = parts_of(docx)
    for name in [n for n in files if re.fullmatch(r"word/(document|footnotes)\.xml", n)]:
        root = etree.fromstring(files[name])
        used = set(root.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val", namespaces=NS))
        assert used <= defined, (name, used - defined)
        for forbidden in (
            "txbxContent",
            "fldSimple",
            "instrText",
            "ins",
            "del",
            "commentReference",
        ):
            assert not root.xpath(f"//w:{forbidden}", namespaces=NS), (name, forbidden)
    assert not any("comments" in n for n in files)
    body = xml(docx, "word/document.xml")
    heading_styles = set(
        body.xpath("//w:pStyle[starts-with(@w:val, 'Heading')]/@w:val", namespaces=NS)
    )
    assert heading_styles and all(re.fullmatch(r"Heading[1-9]", s) for s in heading_styles)
    # headings are the only outline levels, set by their styles
    assert not body.xpath("//w:p/w:pPr/w:outlineLvl", namespaces=NS)
    # footnotes are Word's own, tables repeat their header row
    assert xml(docx, "word/footnotes.xml").xpath("//w:footnote[not(@w:type)]", namespaces=NS)
    assert body.xpath("//w:tr/w:trPr/w:tblHeader", namespaces=NS)
    # no letterhead: neither its text nor its emblem
    text = "".join(body.xpath("//w:t/text()", namespaces=NS))
    assert MISSION_EN not in text and "1 Example Plaza" not in text
    descriptions = body.xpath("//*[local-name()='docPr']/@descr")
    assert MISSION_EN not in descriptions
    assert SYMBOL not in text


def test_a_draft_is_marked_on_every_page(drafted: Path) -> None:
    text = pages(drafted / "letter.letter.en.pdf")
    assert len(text) > 1
    assert all("DRAFT" in page for page in text)
    assert not any("DRAFT · DRAFT" in page for page in text)  # said once
    docx = drafted / "letter.letter.en.docx"
    files = parts_of(docx)
    sect = xml(docx, "word/document.xml").xpath("//w:body/w:sectPr", namespaces=NS)[0]
    kinds = set(sect.xpath("w:headerReference/@w:type", namespaces=NS))
    assert {"default", "first"} <= kinds  # every page has a header
    headers = [n for n in files if re.fullmatch(r"word/header\d+\.xml", n)]
    assert headers and all(b"DRAFT" in files[n] for n in headers)
    record = json.loads((drafted / "submission.json").read_text(encoding="utf-8"))
    assert record["status"] == "draft"


def test_a_draft_secretariat_file_is_marked_on_every_page(drafted: Path) -> None:
    docx = drafted / "letter.secretariat.en.docx"
    files = parts_of(docx)
    for sect in xml(docx, "word/document.xml").xpath("//w:sectPr", namespaces=NS):
        assert "default" in sect.xpath("w:headerReference/@w:type", namespaces=NS)
    headers = [n for n in files if re.fullmatch(r"word/header\d+\.xml", n)]
    assert headers and all(b"DRAFT" in files[n] for n in headers)


def test_an_issued_secretariat_file_is_not_marked(issued: Path) -> None:
    docx = issued / "letter.secretariat.en.docx"
    files = parts_of(docx)
    assert not any(b"DRAFT" in v for n, v in files.items() if n.startswith("word/header"))


def test_an_issued_letter_is_not_marked(issued: Path) -> None:
    assert all("DRAFT" not in page for page in pages(issued / "letter.letter.en.pdf"))


def test_the_note_verbale_is_unsigned_with_a_stamp_space(tmp_path: Path) -> None:
    root = make(
        tmp_path / "letter",
        edits={"kind:": "kind: note-verbale", "addressee:": "addressee: secretary-general"},
        extra="languages: [en]\n",
    )
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages: \[en, fr.*\n", "", text)
    (root / "dossier.yaml").write_text(text, encoding="utf-8")
    build(root, tmp_path / "build")
    folder = tmp_path / "build" / "letter" / "public" / "submission"
    pdf = folder / "letter.note-verbale.en.pdf"
    first = " ".join(pages(pdf)[0].split())
    assert "presents its compliments to the Secretary-General" in first
    assert "would be grateful if the present note and its annex could be circulated" in first
    assert "avails itself of this opportunity" in first
    assert "Mira Castellan" not in first and "Excellency," not in first
    assert (folder / "letter.secretariat.en.docx").is_file()


@pytest.mark.parametrize(
    ("lang", "salutation", "close"),
    [
        ("fr", "Excellence,", "Je vous prie d'agréer, Excellence,"),
        ("es", "Excelencia:", "Aprovecho la oportunidad"),
        ("ru", "Ваше Превосходительство!", "Примите, Ваше Превосходительство,"),
        ("zh", "阁下：", "顺致最崇高的敬意。"),
        ("ar", "صاحب السعادة،", "وتفضلوا، يا صاحب السعادة،"),
    ],
)
def test_salutation_and_close_in_each_official_language(
    tmp_path: Path, lang: str, salutation: str, close: str
) -> None:
    root = make(tmp_path / "letter", extra="recipient: {name: Ana Example, gender: female}\n")
    m = load(root).manifest
    strings = submission_strings(m, locale(lang), {"closing": "…"})
    assert strings["salutation"] == salutation
    assert strings["courtesy"].startswith(close)
    assert "Ana Example" in strings["addressee_honour"]


def test_the_russian_address_block_is_in_the_dative(tmp_path: Path) -> None:
    m = load(make(tmp_path / "letter")).manifest
    strings = submission_strings(m, locale("ru"), {"closing": "…"})
    assert strings["addressee_office"] == "Председателю Совета Безопасности"
    assert strings["addressee_honour"] == ""  # no gender: the block begins with the office


@pytest.mark.parametrize(
    ("emblem", "content", "message"),
    [
        ("figures/none.png", None, "emblem 'figures/none.png' is not found"),
        ("figures/fake.png", b"not an image", "emblem 'figures/fake.png'"),
        ("../outside.png", b"", "emblem '../outside.png' is outside the dossier folder"),
    ],
)
def test_a_bad_emblem_is_refused_at_its_line_and_nothing_is_written(
    tmp_path: Path, emblem: str, content: bytes | None, message: str
) -> None:
    root = make(tmp_path / "letter")
    if content is not None:
        (root / emblem).write_bytes(content)
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8").replace("figures/emblem.png", emblem)
    manifest.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.strip().startswith("emblem:"))
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"dossier.yaml:{line}" in result.output
    assert message in " ".join(result.output.split())
    assert not out.exists() or not any(out.rglob("*.*"))


def test_an_arabic_submission_is_laid_out_right_to_left(tmp_path: Path) -> None:
    root = make(
        tmp_path / "letter", edits={"source_language:": "source_language: en\nsubmit_language: ar"}
    )
    build(root, tmp_path / "build")
    folder = tmp_path / "build" / "letter" / "public" / "submission"
    first = pages(folder / "letter.letter.ar.pdf")[0]
    assert "البعثة الدائمة لجمهورية ألدوريا" in first and "صاحب السعادة" in first
    body = parts_of(folder / "letter.letter.ar.docx")["word/document.xml"].decode()
    assert "<w:bidi/>" in body
    assert "\u200e1 Example Plaza" in body  # the Latin address keeps its order
    record = json.loads((folder / "submission.json").read_text(encoding="utf-8"))
    assert record["language"] == "ar"


def test_dossier_build_writes_and_records_the_package(tmp_path: Path) -> None:
    from dossier.pipeline.stages import build as build_all
    from dossier.seal.verify import verify

    root = make(tmp_path / "letter")
    out = tmp_path / "build"
    result = build_all(root, out, langs=["en"])  # every format: the package is DOCX and PDF
    folder = out / "letter" / "public"
    package = [p for p in result.outputs if p.parent.name == "submission"]
    assert sorted(p.name for p in package) == [
        "letter.letter.en.docx",
        "letter.letter.en.pdf",
        "letter.secretariat.en.docx",
        "submission.json",
    ]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {o["file"] for o in manifest["outputs"]}
    assert {"submission/letter.letter.en.pdf", "submission/submission.json"} <= files
    assert verify(out / "letter") == []


def test_no_package_when_a_format_narrows_the_build(tmp_path: Path) -> None:
    from dossier.pipeline.stages import build as build_all

    result = build_all(make(tmp_path / "letter"), tmp_path / "build", formats=["html"])
    assert [p for p in result.outputs if p.parent.name == "submission"] == []


def test_no_package_when_the_submission_language_is_not_built(tmp_path: Path) -> None:
    from dossier.pipeline.stages import build as build_all

    result = build_all(
        make(tmp_path / "letter"), tmp_path / "build", langs=["fr"], formats=["html"]
    )
    assert all(p.parent.name != "submission" for p in result.outputs)


def test_make_builds_the_package_after_the_version_of_its_language(tmp_path: Path) -> None:
    from dossier.pipeline.makerules import rules

    root = make(tmp_path / "letter")
    text = rules(load(root), root, tmp_path / "build").text
    record = f"{tmp_path}/build/letter/public/submission/submission.json"
    outputs = next(line for line in text.splitlines() if line.startswith("DOSSIER_OUTPUTS"))
    assert record in outputs
    rule = text[text.index(f"{record}:") :].splitlines()
    assert f"{tmp_path}/build/letter/.stage/public.en.pickle" in rule[0]
    assert "templates/submission/letterhead.typ" in rule[0]
    assert rule[1].strip().startswith("$(DOSSIER_STEP) $(CLI) submission")
    assert "--edition public" in rule[1]
