"""The leak scan, on real outputs of the example: its public edition holds
nothing the scan finds; its internal edition, scanned with the public
edition's fingerprints, shows what the scan catches; and leaks planted in
every hidden corner of a public output are each found, and named."""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import pickle
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from dossier.core import repeats
from dossier.core.diagnostics import DossierError
from dossier.load.loaded import Dossier
from dossier.pipeline.stages import build
from dossier.seal import leaks
from dossier.seal.leaks import prints as leak_prints
from dossier.select.edition import Withheld, select

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"
FORMATS = ("docx", "pdf", "html")
RECORD = "ALD-2026-006"

# 20 words of the confidential assessment (sections/en/05-assessment.md)...
ORIGINAL = (
    "The pattern of the five attacks points to a single group, trained in the camp "
    "near Dravik. Source GRANITE-7"
)
PATTERN_EN = (
    "The pattern of the five attacks points to a single group, trained in the camp near Dravik."
)
GRANITE_EN = (
    "Source GRANITE-7 reports that the group receives its explosives through the "
    "Veskarian border town of Halmstead."
)
# ...reworded: 2 of the 20 words changed.
REWORDED = (
    "The pattern of the five attacks leads to a single group, trained in the base "
    "near Dravik. Source GRANITE-7"
)


@dataclass(frozen=True)
class Edition:
    outputs: dict[str, Path]
    withheld: list[Withheld]
    prints: leaks.Fingerprints


@dataclass(frozen=True)
class Built:
    public: Edition
    internal: Edition


def _edition(dossier: Dossier, out: Path, name: str) -> Edition:
    edition = next(e for e in dossier.manifest.editions if e.name == name)
    _, withheld = select(dossier, edition)
    prints = leaks.fingerprints(withheld)
    outputs = {f: out / dossier.name / name / f"{dossier.name}.en.{f}" for f in FORMATS}
    return Edition(outputs, withheld, prints)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("leaks")
    result = build(EXAMPLE, out, langs=["en"])
    return Built(_edition(result.dossier, out, "public"), _edition(result.dossier, out, "internal"))


def _found(hits: list[leaks.Hit]) -> set[tuple[str, str]]:
    return {(h.kind, h.where) for h in hits}


# ---- normalisation ---------------------------------------------------------------


def test_the_reworded_sentence_differs_in_two_of_twenty_words() -> None:
    before, after = leaks.words(ORIGINAL), leaks.words(REWORDED)
    assert len(before) == len(after) == 20
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 2


def test_arabic_is_compared_without_harakat_tatweel_or_letter_variants() -> None:
    vocalised = "عُثِرَ على مُتَفَجِّراتٍ في قريةِ الشّمال عام ٢٠٢٦"
    plain = "عثر علي متفجـــرات فى قريه الشمال عام 2026"
    assert leaks.words(vocalised) == leaks.words(plain)
    assert leaks.words(vocalised)[-1] == "2026"
    assert leaks.words("أحمد إبراهيم آمنة") == ["احمد", "ابراهيم", "امنه"]
    assert leaks.words("ALD-٢٠٢٦-٠٠٦") == ["ald", "2026", "006"]
    assert leaks.words("کتاب یک") == leaks.words("كتاب يك")  # Urdu/Persian keyboard forms


def test_urdu_zero_width_non_joiner_does_not_split_a_word() -> None:
    assert leaks.words("اسلحہ\u200cخانہ") == ["اسلحہخانہ"]


def test_cyrillic_is_casefolded_and_yo_is_e() -> None:
    # Letters drawn like Latin ones are folded to them (the same on both
    # sides of a comparison): "всё" and "все" are one word, as "ВСЕ" is.
    folded = leaks.words("Источник ГРАНИТ-7 сообщил: всё")
    assert folded == leaks.words("источник гранит 7 сообщил все")
    assert folded == ["иctoчhиk", "гpahиt", "7", "cooбщил", "bce"]
    assert leaks.words("ВСЕ") == leaks.words("всё")


def test_a_sentence_retyped_with_cyrillic_look_alikes_is_the_same() -> None:
    latin = "The pattern of the five attacks points to a single group"
    mixed = latin.translate(str.maketrans("aeopcxi", "аеорсхі"))
    assert mixed != latin and leaks.words(mixed) == leaks.words(latin)


def test_chinese_characters_are_tokens_and_a_shingle_spans_five() -> None:
    tokens = leaks.words("消息来源GRANITE-7报告称，该团体通过边境城镇获得炸药。")
    assert tokens[:4] == ["消", "息", "来", "源"]
    assert "granite" in tokens and "炸" in tokens
    assert [len(w) for w in leaks.windows(leaks.words("一二三四五六七"))] == [5, 5, 5]
    assert [len(w) for w in leaks.windows(["a", "b", "c", "d", "e"])] == [3, 3, 3]


def test_fullwidth_forms_and_ligatures_fold_to_plain_letters() -> None:
    assert leaks.words("ＡＬＤ－２０２６ ﬁle") == ["ald", "2026", "file"]


# ---- fingerprints ------------------------------------------------------------------


def _withheld(kind: str, ident: str, text: str = "") -> Withheld:
    return Withheld(kind, ident, "confidential", Path("x.md"), text)


def test_identifiers_skip_section_names_and_invented_div_ids() -> None:
    assert leaks.identifiers(_withheld("section", "05-assessment")) == []
    assert leaks.identifiers(_withheld("block", "05-assessment#1")) == []
    assert leaks.identifiers(_withheld("block", "source-identity")) == ["source-identity"]
    assert leaks.identifiers(_withheld("record", RECORD)) == [RECORD]
    sha = "ab" * 32
    exhibit = _withheld("exhibit", "photos/cache-0042.jpg", sha)
    assert leaks.identifiers(exhibit) == ["cache-0042.jpg", sha]


def test_fingerprints_reveal_no_text() -> None:
    prints = leaks.fingerprints([_withheld("section", "s", ORIGINAL)])
    dumped = repr(prints.to_json())
    assert "pattern" not in dumped and "Dravik" not in dumped
    # "Source GRANITE-7" is too short a sentence: it joins the one before
    ((size, least, shingles),) = prints.to_json()[0]["sentences"]
    assert (size, least, len(shingles)) == (20, 10, 18)


def _scan_text(tmp_path: Path, text: str, prints: leaks.Fingerprints) -> list[leaks.Hit]:
    path = tmp_path / "out.txt"
    path.write_text(text, encoding="utf-8")
    return leaks.scan(path, prints)


def test_half_of_a_sentence_is_a_hit_less_is_not(tmp_path: Path) -> None:
    prints = leaks.fingerprints([_withheld("section", "s", ORIGINAL)])
    nine = "Unrelated words, then: the pattern of the five attacks points to a"
    ten = f"{nine} single"
    assert _scan_text(tmp_path, nine, prints) == []
    assert [h.evidence for h in _scan_text(tmp_path, ten, prints)] == ["sentence: 10 of 20 words"]


def test_text_the_edition_also_shows_is_no_exception(tmp_path: Path) -> None:
    """The old scan dropped every shingle the public text also held, so
    that a withheld sentence pasted into public text was never found."""
    public = "Calls upon the Government of the Veskarian Federation to prevent armed groups"
    quoting = _withheld("block", "b#1", f"As we wrote: {public}. Nothing else.")
    assert _scan_text(tmp_path, public, leaks.fingerprints([quoting]))


def test_a_reworded_chinese_sentence_is_caught(tmp_path: Path) -> None:
    secret = "消息来源报告称，该团体通过韦斯卡里亚边境城镇哈尔姆斯特德获得炸药。"
    reworded = "据消息来源报告，该团体经由韦斯卡里亚边境城镇哈尔姆斯特德取得炸药。"
    prints = leaks.fingerprints([_withheld("section", "s", secret)])
    hits = _scan_text(tmp_path, f"<html><body><p>{reworded}</p></body></html>", prints)
    assert _found(hits) == {("section", "HTML text")}
    assert _scan_text(tmp_path, "<html><body>该团体通过边境获得</body></html>", prints) == []


def test_a_reworded_arabic_sentence_is_caught(tmp_path: Path) -> None:
    secret = (
        "يُفيدُ المَصدرُ غرانيت-٧ بأنّ المجموعةَ تتلقّى متفجّراتِها عبرَ بلدةِ هالمستيد الحدودية "
        "في الاتحاد الفيسكاري منذ بدايةِ شهر أغسطس من هذا العام"
    )
    reworded = (
        "يفيد المصدر غرانيت-7 بان المجموعه تتلقـى متفجراتها عبر مدينة هالمستيد الحدوديه "
        "فى الاتحاد الفيسكاري منذ مطلع شهر اغسطس من هذا العام"
    )
    prints = leaks.fingerprints([_withheld("section", "s", secret)])
    hits = _scan_text(tmp_path, f"<html><body><p>{reworded}</p></body></html>", prints)
    assert _found(hits) == {("section", "HTML text")}


# ---- real outputs --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_outputs_hold_nothing_withheld(built: Built, fmt: str) -> None:
    assert leaks.scan(built.public.outputs[fmt], built.public.prints) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_outputs_hold_nothing_above_confidential(built: Built, fmt: str) -> None:
    assert leaks.scan(built.internal.outputs[fmt], built.internal.prints) == []


MAIN_TEXT = {"docx": "word/document.xml", "pdf": "PDF page", "html": "HTML text"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_internal_outputs_would_leak_into_the_public_edition(built: Built, fmt: str) -> None:
    hits = leaks.scan(built.internal.outputs[fmt], built.public.prints)
    text = MAIN_TEXT[fmt]
    section = [h for h in hits if h.kind == "section" and h.where.startswith(text)]
    assert section and all(h.evidence.startswith("sentence: ") for h in section)
    record = {h.evidence for h in hits if h.kind == "record" and h.where.startswith(text)}
    assert "identifier" in record


def _rewrite_zip(src: Path, dst: Path, changes: dict[str, Callable[[bytes], bytes]]) -> None:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            change = changes.pop(info.filename, None)
            new.writestr(info, change(data) if change else data)
        for name, added in changes.items():
            new.writestr(name, added(b""))


def _footnote(data: bytes) -> bytes:
    head, tail = REWORDED[:60], REWORDED[60:]  # split inside a word, over two runs
    note = (
        '<w:footnote w:id="99"><w:p><w:r><w:t xml:space="preserve">'
        f"{head}</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>{tail}</w:t></w:r></w:p></w:footnote>"
    )
    return data.replace(b"</w:footnotes>", note.encode() + b"</w:footnotes>")


def _png_with_text(data: bytes, text: str) -> bytes:
    body = b"Comment\x00" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return data[:8] + chunk + data[8:]


def _xlsx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(
            "xl/sharedStrings.xml",
            f"<sst><si><t>Incidents</t></si><si><t>{text}</t></si></sst>",
        )
    return buffer.getvalue()


def test_leaks_planted_in_a_docx_are_found(built: Built, tmp_path: Path) -> None:
    planted = tmp_path / "planted.docx"
    _rewrite_zip(
        built.public.outputs["docx"],
        planted,
        {
            "word/footnotes.xml": _footnote,
            "docProps/core.xml": lambda d: re.sub(
                rb"<dc:title>[^<]*", f"<dc:title>Record {RECORD}".encode(), d
            ),
            "word/header1.xml": lambda d: d.replace(
                b"</w:hdr>", f"<w:p><w:r><w:t>Ref. {RECORD}</w:t></w:r></w:p></w:hdr>".encode()
            ),
            "word/media/image1.png": lambda d: _png_with_text(d, f"see {RECORD}"),
            "word/embeddings/chart1.xlsx": lambda _: _xlsx(f"Cache {RECORD}"),
        },
    )
    hits = leaks.scan(planted, built.public.prints)
    assert _found(hits) == {
        ("section", "word/footnotes.xml"),
        ("record", "docProps/core.xml"),
        ("record", "word/header1.xml"),
        ("record", "word/media/image1.png text chunks"),
        ("record", "word/embeddings/chart1.xlsx > xl/sharedStrings.xml"),
    }
    footnote = next(h for h in hits if h.where == "word/footnotes.xml")
    # the heading "Assessment of the Ministry" is glued to the first sentence
    assert footnote.evidence == "sentence: 13 of 21 words"


def test_docx_alt_text_is_searched(built: Built, tmp_path: Path) -> None:
    planted = tmp_path / "alt.docx"
    with zipfile.ZipFile(built.public.outputs["docx"]) as package:
        assert b'descr="' in package.read("word/document.xml")
    _rewrite_zip(
        built.public.outputs["docx"],
        planted,
        {"word/document.xml": lambda d: d.replace(b'descr="', f'descr="{RECORD} '.encode(), 1)},
    )
    hits = leaks.scan(planted, built.public.prints)
    assert _found(hits) == {("record", "word/document.xml attribute descr")}


def test_leaks_planted_in_a_pdf_are_found(built: Built, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=built.public.outputs["pdf"])
    writer.add_metadata({"/Subject": f"Record {RECORD}"})
    writer.add_outline_item(title=f"Record {RECORD}", page_number=0)
    writer.add_attachment("notes.txt", REWORDED.encode())
    planted = tmp_path / "planted.pdf"
    writer.write(planted)
    hits = leaks.scan(planted, built.public.prints)
    assert _found(hits) == {
        ("record", "PDF metadata /Subject"),
        ("record", "PDF outline"),
        ("section", "PDF attachment notes.txt"),
    }
    assert PdfReader(planted).metadata is not None


def _pdf(objects: dict[int, bytes], packed: dict[int, bytes] | None = None) -> bytes:
    """A PDF written by hand: ``objects`` as they are, ``packed`` in an
    object stream, and a cross-reference stream; object 1 is the catalog."""
    packed = packed or {}
    plain, rows = dict(objects), {0: (0, 0, 65535)}
    if packed:
        heads, bodies = [], b""
        for num, body in packed.items():
            heads.append(b"%d %d" % (num, len(bodies)))
            bodies += body + b"\n"
        head = b" ".join(heads) + b"\n"
        stream = max([*objects, *packed]) + 1
        plain[stream] = b"<</Type/ObjStm/N %d/First %d/Length %d>>stream\n%s\nendstream" % (
            len(packed),
            len(head),
            len(head + bodies),
            head + bodies,
        )
        rows |= {num: (2, stream, i) for i, num in enumerate(packed)}
    out = bytearray(b"%PDF-1.7\n")
    for num, body in plain.items():
        rows[num] = (1, len(out), 0)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    xref = max(rows) + 1
    rows[xref] = (1, len(out), 0)
    table = b"".join(struct.pack(">BIH", *rows.get(n, (0, 0, 0))) for n in range(xref + 1))
    out += b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % (
        xref,
        xref + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % rows[xref][1]
    return bytes(out)


def _one_page(
    content: bytes,
    page: bytes = b"",
    catalog: bytes = b"",
    extra: dict[int, bytes] | None = None,
    packed: dict[int, bytes] | None = None,
) -> bytes:
    """A page of Helvetica text; ``extra`` objects are numbered from 6."""
    font = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 300]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>" + page + b">>",
        4: b"<</Length %d>>stream\n%s\nendstream" % (len(content), content),
        5: font,
        **(extra or {}),
    }
    return _pdf(objects, packed)


def _record_prints() -> leaks.Fingerprints:
    return leaks.fingerprints([Withheld("record", RECORD, "restricted", Path("r.md"))])


VISIBLE = b"BT /F1 12 Tf 20 250 Td (Nothing to see) Tj ET\n"


HIDDEN = {
    "size 0": b"BT /F1 0 Tf 20 230 Td (Ref. %s) Tj ET",
    "flat text matrix": b"BT /F1 12 Tf 0 0 0 0 20 230 Tm (Ref. %s) Tj ET",
    "flat page matrix": b"q 0 0 0 0 0 0 cm BT /F1 12 Tf 20 230 Td (Ref. %s) Tj ET Q",
    "horizontal scale 0": b"BT /F1 12 Tf 0 Tz 20 230 Td (Ref. %s) Tj ET",
    "invisible": b"BT /F1 12 Tf 3 Tr 20 230 Td (Ref. %s) Tj ET",  # PDFium reads it
    "off the page": b"BT /F1 12 Tf 20 2000 Td (Ref. %s) Tj ET",  # PDFium reads it
}


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_pdf_text_is_found(tmp_path: Path, hidden: bytes) -> None:
    """PDFium's page text leaves out text of width 0: pypdf reads that page."""
    pdf = tmp_path / "hidden.pdf"
    pdf.write_bytes(_one_page(VISIBLE + hidden % RECORD.encode()))
    assert _found(leaks.scan(pdf, _record_prints())) == {("record", "PDF page 1")}


def test_pdf_annotations_and_the_files_they_attach_are_searched(
    built: Built, tmp_path: Path
) -> None:
    note = REWORDED.encode()
    pdf = tmp_path / "annotated.pdf"
    pdf.write_bytes(
        _one_page(
            VISIBLE,
            page=b"/Annots[6 0 R 7 0 R]",
            extra={
                6: b"<</Type/Annot/Subtype/Text/Rect[0 0 10 10]/Contents(Ref. %s)>>"
                % RECORD.encode(),
                7: b"<</Type/Annot/Subtype/FileAttachment/Rect[20 0 30 10]"
                b"/FS<</Type/Filespec/F(notes.txt)/EF<</F 8 0 R>>>>>>",
                8: b"<</Type/EmbeddedFile/Length %d>>stream\n%s\nendstream" % (len(note), note),
            },
        )
    )
    prints = leaks.fingerprints(
        [*built.public.withheld, Withheld("record", RECORD, "restricted", Path("r.md"))]
    )
    hits = leaks.scan(pdf, prints)
    assert _found(hits) == {
        ("record", "PDF page 1 annotations"),
        ("section", "PDF page 1 annotations file notes.txt"),
    }
    assert leaks.scan(pdf, prints) == hits  # the texts hashed before, found again


@pytest.mark.parametrize("in_object_stream", [False, True])
def test_pdf_structure_alt_text_is_searched(tmp_path: Path, in_object_stream: bool) -> None:
    element = b"<</Type/StructElem/S/Figure/P 6 0 R/Alt(Map of the cache, %s)>>" % (RECORD.encode())
    objects, packed = {6: b"<</Type/StructTreeRoot/K 7 0 R>>"}, {7: element}
    if not in_object_stream:
        objects, packed = objects | packed, {}
    pdf = tmp_path / "tagged.pdf"
    pdf.write_bytes(
        _one_page(VISIBLE, catalog=b"/StructTreeRoot 6 0 R", extra=objects, packed=packed)
    )
    assert _found(leaks.scan(pdf, _record_prints())) == {("record", "PDF alt text")}


def test_a_damaged_pdf_is_read_as_bytes(tmp_path: Path) -> None:
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj\n<</Ref (" + RECORD.encode() + b")>>\ntruncated")
    ((kind, where),) = _found(leaks.scan(pdf, _record_prints()))
    assert kind == "record" and where.startswith("PDF (unreadable: ")


def test_fingerprints_are_pickled_without_what_scans_remember(built: Built) -> None:
    prints = leaks.Fingerprints(built.public.prints.items, built.public.prints.lengths)
    leaks.scan(built.internal.outputs["html"], prints)
    copy = pickle.loads(pickle.dumps(prints))
    assert copy == prints and vars(copy).keys() == {"items", "lengths"}
    assert leaks.scan(built.internal.outputs["html"], copy) == leaks.scan(
        built.internal.outputs["html"], prints
    )


def test_hashes_are_forgotten_when_too_many(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "planted.docx"
    _rewrite_zip(built.public.outputs["docx"], planted, {"word/footnotes.xml": _footnote})
    expected = leaks.scan(planted, built.public.prints)
    monkeypatch.setattr(leak_prints, "_REMEMBERED", 100)
    prints = leaks.Fingerprints(built.public.prints.items, built.public.prints.lengths)
    assert leaks.scan(planted, prints) == leaks.scan(planted, prints) == expected
    assert {h.where for h in expected} == {"word/footnotes.xml"}


def _svg_uri_with_title(html: str, title: str) -> tuple[str, int]:
    """The HTML with a <title> added to its first base64 SVG, and that
    data: URI's number in document order."""
    uris = list(re.finditer(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)", html))
    n, found = next((i, m) for i, m in enumerate(uris, 1) if m.group(1) == "image/svg+xml")
    svg = base64.b64decode(found.group(2)).decode()
    svg = re.sub(r"(<svg[^>]*>)", rf"\1<title>{title}</title>", svg, count=1)
    new = f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"
    return html[: found.start()] + new + html[found.end() :], n


def test_leaks_planted_in_html_are_found(built: Built, tmp_path: Path) -> None:
    html = built.public.outputs["html"].read_text(encoding="utf-8")
    html, n = _svg_uri_with_title(html, f"Record {RECORD}")
    html = html.replace(' alt="', f' alt="{RECORD} ', 1)
    html = html.replace("</body>", f"<!-- {REWORDED} --></body>")
    planted = tmp_path / "planted.html"
    planted.write_text(html, encoding="utf-8")
    hits = leaks.scan(planted, built.public.prints)
    assert _found(hits) == {
        ("record", f"HTML data: URI #{n}"),
        ("record", "HTML attribute alt"),
        ("section", "HTML comment"),
    }


def test_an_exhibit_is_found_by_its_content_and_its_name(built: Built, tmp_path: Path) -> None:
    photo = b"\xff\xd8\xff\xe0 a photograph of the cache " * 10
    exhibit = Withheld(
        "exhibit",
        "photos/cache-0042.jpg",
        "restricted",
        Path("e.md"),
        hashlib.sha256(photo).hexdigest(),
    )
    prints = leaks.fingerprints([*built.public.withheld, exhibit])
    planted = tmp_path / "exhibit.docx"
    _rewrite_zip(built.public.outputs["docx"], planted, {"word/media/image9.jpeg": lambda _: photo})
    assert _found(leaks.scan(planted, prints)) == {("exhibit", "word/media/image9.jpeg (file)")}
    page = tmp_path / "exhibit.html"
    page.write_text('<html><body><img src="exhibits/cache-0042.jpg"></body></html>')
    assert _found(leaks.scan(page, prints)) == {("exhibit", "HTML attribute src")}


# ---- reporting and enforcing ---------------------------------------------------------


def test_describe_names_the_item_in_clear(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "x.en.docx"
    _rewrite_zip(
        built.public.outputs["docx"],
        out,
        {"docProps/core.xml": lambda d: d.replace(b"<dc:title>", f"<dc:title>{RECORD} ".encode())},
    )
    (hit,) = leaks.scan_outputs([out], built.public.prints)
    assert leaks.describe(hit, built.public.withheld) == (
        f"record {RECORD} (restricted) found in {out}: docProps/core.xml (identifier)"
    )


def test_enforce_deletes_the_output_and_stops_the_build(built: Built, tmp_path: Path) -> None:
    final = tmp_path / "example.en.html"
    tmp = tmp_path / ".example.en.html.123.tmp"
    shutil.copy(built.public.outputs["html"], final)  # an earlier build's output
    text = built.public.outputs["html"].read_text(encoding="utf-8")
    tmp.write_text(text.replace("</body>", f"<p>{REWORDED}</p></body>"), encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        leaks.enforce(tmp, built.public.prints, built.public.withheld, output=final)
    assert not tmp.exists() and not final.exists()
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.file is not None and diagnostic.file.name == "05-assessment.md"
    assert diagnostic.message.startswith(f"section 05-assessment (confidential) found in {final}")
    assert "HTML text" in diagnostic.message


def test_enforce_keeps_a_clean_output(built: Built, tmp_path: Path) -> None:
    clean = tmp_path / "clean.pdf"
    shutil.copy(built.public.outputs["pdf"], clean)
    leaks.enforce(clean, built.public.prints, built.public.withheld)
    assert clean.exists()


def test_chart_labels_drawn_as_paths_are_read_from_svg_comments(built: Built) -> None:
    """matplotlib draws text as paths (svg.fonttype: path) but writes each
    label as a comment: the scan reads the labels the chart was drawn from."""
    found = leaks.parts(built.public.outputs["html"].read_bytes())
    comments = [p.text for p in found if re.fullmatch(r"HTML data: URI #\d+ comment", p.where)]
    assert any("August 2026" in text for text in comments)


def test_a_damaged_embedded_file_is_read_as_strings(tmp_path: Path) -> None:
    package = tmp_path / "x.docx"
    with zipfile.ZipFile(package, "w") as docx:
        docx.writestr("word/embeddings/broken.bin", f"PK\x03\x04\x00junk Ref. {RECORD} junk")
    prints = leaks.fingerprints([Withheld("record", RECORD, "restricted", Path("r.md"))])
    assert _found(leaks.scan(package, prints)) == {("record", "word/embeddings/broken.bin")}


def test_a_comment_before_the_html_element_is_searched(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text(f"<!DOCTYPE html>\n<!-- {RECORD} -->\n<html><body>Hello</body></html>")
    prints = leaks.fingerprints([Withheld("record", RECORD, "restricted", Path("r.md"))])
    assert _found(leaks.scan(page, prints)) == {("record", "HTML comment")}


# ---- the matcher (dossier.core.repeats): the rule the README states ----------------------

SENTENCE = [
    *("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"),
    *("juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo"),
    *("sierra", "tango", "uniform", "victor"),
]


def _repeated(withheld: str | list[str], text: str) -> list[repeats.Found]:
    tokens = withheld if isinstance(withheld, list) else repeats.words(withheld)
    finder = repeats.Finder([repeats.fingerprint(tokens)])
    starts, joined = repeats.joined(repeats.words(text))
    return finder.find(
        (a, repeats.digest(repeats.TAG, j)) for a, j in zip(starts, joined, strict=True)
    )


@pytest.mark.parametrize(("size", "changes"), [(9, 1), (12, 2), (18, 3)])
def test_every_rewording_of_k_words_is_caught_from_the_promised_length(
    size: int, changes: int
) -> None:
    """Each placement of ``changes`` changed (or removed) words in a sentence
    of ``size`` words: caught, as the README promises (1 in 9, 2 in 12, 3 in 18)."""
    sentence = SENTENCE[:size]
    for placed in itertools.combinations(range(size), changes):
        changed = [f"x{i}" if i in placed else w for i, w in enumerate(sentence)]
        removed = [w for i, w in enumerate(sentence) if i not in placed]
        assert _repeated(sentence, " ".join(changed)), placed
        assert _repeated(sentence, " ".join(removed)), placed


def test_a_change_too_many_may_pass() -> None:
    """Below the promised lengths a rewording can get through: 1 change in
    8 words next to the end leaves 5 covered words, fewer than 6."""
    sentence = SENTENCE[:8]
    assert not _repeated(sentence, " ".join([*sentence[:5], "x", *sentence[6:]]))
    assert _repeated(sentence, " ".join(sentence))


def test_reordered_clauses_and_sentences_are_caught() -> None:
    assert _repeated(
        PATTERN_EN,
        "Trained in the camp near Dravik, a single group is what the pattern "
        "of the five attacks points to.",
    )
    both = repeats.sentences(f"{PATTERN_EN} {GRANITE_EN}")
    finder = repeats.Finder([repeats.fingerprint(s) for s in both])
    starts, joined = repeats.joined(repeats.words(f"{GRANITE_EN} {PATTERN_EN}"))
    found = finder.find(
        (a, repeats.digest(repeats.TAG, j)) for a, j in zip(starts, joined, strict=True)
    )
    assert sorted(f.index for f in found) == [0, 1]


def test_words_added_between_runs_of_three_are_caught() -> None:
    padded = " ".join(f"{w} and so" if i % 4 == 3 else w for i, w in enumerate(SENTENCE[:16]))
    (found,) = _repeated(SENTENCE[:16], padded)  # 6 words added
    assert found.covered == 16


def test_runs_scattered_over_a_long_text_are_no_repeat() -> None:
    """Half of a sentence in 3-word runs, each far from the others."""
    filler = " ".join(["filler"] * 40)
    runs = [" ".join(SENTENCE[i : i + 3]) for i in range(0, 12, 3)]
    assert not _repeated(SENTENCE[:16], f" {filler} ".join(runs))
    assert _repeated(SENTENCE[:16], " ".join(runs))


def test_a_stock_phrase_is_no_repeat_of_a_short_sentence() -> None:
    withheld = "Troops of the Republic of Aldoria crossed first."  # 8 words
    public = "the territory of the Republic of Aldoria"
    assert not _repeated(withheld, public)  # 5 words: half, but fewer than 6
    assert _repeated(withheld, "troops of the Republic of Aldoria crossed")


def test_a_chinese_sentence_is_caught_pasted_and_reworded() -> None:
    secret = "消息来源报告称，该团体通过韦斯卡里亚边境城镇哈尔姆斯特德获得炸药。"
    (sentence,) = repeats.sentences(secret)
    assert len(sentence) == 31 and repeats.fingerprint(sentence).least == 16
    assert _repeated(secret, f"前文。{secret}后文")
    assert _repeated(secret, "据消息来源报告，该团体经由韦斯卡里亚边境城镇哈尔姆斯特德取得炸药。")
    assert not _repeated(secret, "韦斯卡里亚边境城镇哈尔姆斯特德")  # a place: 15 characters


def test_blocks_glued_by_their_plain_text_are_cut_apart() -> None:
    glued = "Assessment of the MinistryThe pattern of the five attacks.Source GRANITE-7 says so"
    first, *rest = repeats.sentences(glued + " " + GRANITE_EN)
    assert first[:6] == ["assessment", "of", "the", "ministry", "the", "pattern"]
    assert rest[0][:3] == ["source", "granite", "7"]
