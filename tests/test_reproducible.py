"""Clean metadata and reproducible builds: the example built twice, into two
folders, gives the same bytes in every format; each output carries only the
metadata the dossier declares; what Word keeps about people and edits
(comments, tracked changes, hidden text, session ids) is cleaned away."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from dossier.assemble.compose import Document, assemble
from dossier.core.clock import build_timestamp
from dossier.core.diagnostics import DossierError
from dossier.core.files import atomic_output
from dossier.pipeline.loading import load
from dossier.pipeline.stages import renderers
from dossier.render.docx_clean import clean_word_xml, write_package
from dossier.render.finish import finish_output
from dossier.render.pdf_finish import neutral_pdf
from dossier.select.edition import select

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "dossiers" / "example"
LANGS = ("en", "ar")
FORMATS = ("docx", "pdf", "html")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
NS = {"w": W}
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
EPOCH = 1700000000  # 2023-11-14T22:13:20Z


def documents(cache: Path, langs: tuple[str, ...] = LANGS) -> list[Document]:
    """The public edition of the example in ``langs``, as the build
    assembles them (charts drawn into ``cache``)."""
    dossier = load(EXAMPLE)
    edition = next(e for e in dossier.manifest.editions if e.name == "public")
    selected, _ = select(dossier, edition)
    return [assemble(selected, lang, cache=cache, edition=edition) for lang in langs]


def write(doc: Document, fmt: str, target: Path) -> Path:
    """One output as the build writes it: rendered to a temporary file,
    finished, moved into place."""
    with atomic_output(target) as tmp:
        renderers()[fmt](doc, tmp)
        finish_output(tmp, fmt, doc)
    return target


def build_all(folder: Path) -> dict[str, Path]:
    out = {}
    for doc in documents(folder / ".cache"):
        for fmt in FORMATS:
            name = f"example.{doc.lang}.{fmt}"
            out[name] = write(doc, fmt, folder / name)
    return out


@pytest.fixture(scope="module", autouse=True)
def no_epoch() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        yield


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, Path]]:
    """The example built twice, each build with its own folders."""
    return (
        build_all(tmp_path_factory.mktemp("one")),
        build_all(tmp_path_factory.mktemp("two")),
    )


@pytest.fixture(scope="module")
def outputs(builds: tuple[dict[str, Path], dict[str, Path]]) -> dict[str, Path]:
    return builds[0]


@pytest.fixture(scope="module")
def doc_en(outputs: dict[str, Path]) -> Document:
    return documents(next(iter(outputs.values())).parent / ".cache", ("en",))[0]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def xml(data: bytes) -> Any:
    return etree.fromstring(data)


# ---- reproducible ---------------------------------------------------------------------


def test_two_builds_are_byte_identical(builds: tuple[dict[str, Path], dict[str, Path]]) -> None:
    one, two = builds
    names = sorted(f"example.{lang}.{fmt}" for lang in LANGS for fmt in FORMATS)
    assert sorted(one) == sorted(two) == names
    different = [name for name in one if one[name].read_bytes() != two[name].read_bytes()]
    assert different == []


def test_no_path_of_the_builder_in_any_output(outputs: dict[str, Path]) -> None:
    folder = str(next(iter(outputs.values())).parent)
    for name, path in outputs.items():
        blobs = list(parts(path).values()) if name.endswith(".docx") else [path.read_bytes()]
        for blob in blobs:
            assert folder.encode() not in blob, name
            assert str(ROOT).encode() not in blob, name


def test_finishing_twice_changes_nothing(outputs: dict[str, Path], doc_en: Document) -> None:
    for fmt in FORMATS:
        path = outputs[f"example.en.{fmt}"]
        copy = path.with_name(f"again.{fmt}")
        shutil.copyfile(path, copy)
        finish_output(copy, fmt, doc_en)
        assert copy.read_bytes() == path.read_bytes(), fmt


# ---- the date -------------------------------------------------------------------------


def test_timestamp_is_the_dossiers_date(doc_en: Document) -> None:
    assert doc_en.meta["date"] == "2026-11-27"
    assert build_timestamp(doc_en) == int(datetime(2026, 11, 27, tzinfo=UTC).timestamp())


def test_source_date_epoch_wins(doc_en: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_timestamp(doc_en) == EPOCH


def test_bad_source_date_epoch_is_an_error(
    doc_en: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(DossierError, match="SOURCE_DATE_EPOCH"):
        build_timestamp(doc_en)


def test_outputs_follow_source_date_epoch(
    doc_en: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    package = write(doc_en, "docx", tmp_path / "example.docx")
    core = xml(parts(package)["docProps/core.xml"])
    for tag in ("created", "modified"):
        assert core.findtext(f"dcterms:{tag}", namespaces=CORE) == "2023-11-14T22:13:20Z"
    with zipfile.ZipFile(package) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    meta = PdfReader(write(doc_en, "pdf", tmp_path / "example.pdf")).metadata
    assert meta is not None
    assert meta.creation_date == datetime.fromtimestamp(EPOCH, tz=UTC)
    assert meta.modification_date == datetime.fromtimestamp(EPOCH, tz=UTC)


def test_zip_dates_before_1980_are_1980() -> None:
    data = write_package({"[Content_Types].xml": b"<Types/>"}, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


# ---- DOCX -----------------------------------------------------------------------------


def test_docx_core_properties_are_the_dossiers(outputs: dict[str, Path], doc_en: Document) -> None:
    core = xml(parts(outputs["example.en.docx"])["docProps/core.xml"])
    found = {etree.QName(child).localname: child.text or "" for child in core}
    assert found == {
        "title": doc_en.meta["title"],
        "subject": "S/2026/1043",
        "language": "en-US",
        "keywords": "",
        "created": "2026-11-27T00:00:00Z",
        "modified": "2026-11-27T00:00:00Z",
    }


def test_docx_app_properties_are_neutral(outputs: dict[str, Path]) -> None:
    app = xml(parts(outputs["example.en.docx"])["docProps/app.xml"])
    for tag in ("Company", "Manager", "Template", "TotalTime", "HyperlinkBase", "AppVersion"):
        assert app.find(f"{APP}{tag}") is None, tag
    assert app.findtext(f"{APP}Application") == "dossier"


def test_docx_has_no_people_comments_or_sessions(outputs: dict[str, Path]) -> None:
    found = parts(outputs["example.ar.docx"])
    assert not [n for n in found if "comments" in n or "people" in n or "custom" in n.lower()]
    settings = xml(found["word/settings.xml"])
    for tag in ("attachedTemplate", "rsids", "docVars"):
        assert settings.find(f"w:{tag}", NS) is None, tag
    for name, blob in found.items():
        if name.endswith(".xml"):
            assert b"w:rsid" not in blob and b"w14:paraId" not in blob, name


def test_docx_zip_order_dates_and_modes(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["example.en.docx"]) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {i.date_time for i in infos} == {(2026, 11, 27, 0, 0, 0)}
    assert {(i.external_attr >> 16, i.create_system, i.compress_type) for i in infos} == {
        (0o644, 3, zipfile.ZIP_DEFLATED)
    }


CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DIRTY_BODY = f"""<w:p xmlns:w="{W}" xmlns:w14="{W14}" w14:paraId="1A2B3C4D"
    w:rsidR="00AB12CD" w:rsidRDefault="00AB12CD">
  <w:r w:rsidRPr="00FF0000"><w:t xml:space="preserve">Kept </w:t></w:r>
  <w:proofErr w:type="spellStart"/>
  <w:ins w:id="901" w:author="Jane Doe" w:date="2026-01-02T03:04:00Z">
    <w:r><w:t xml:space="preserve">INSERTED </w:t></w:r>
  </w:ins>
  <w:del w:id="902" w:author="Jane Doe" w:date="2026-01-02T03:04:00Z">
    <w:r><w:delText>DELETED</w:delText></w:r>
  </w:del>
  <w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>
  <w:commentRangeStart w:id="0"/>
  <w:r><w:t>commented</w:t></w:r>
  <w:commentRangeEnd w:id="0"/>
  <w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>
  <w:bookmarkStart w:id="903" w:name="_GoBack"/><w:bookmarkEnd w:id="903"/>
</w:p>"""
COMMENTS = f"""<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="Jane Doe"
  w:initials="JD"><w:p><w:r><w:t>SECRET REMARK</w:t></w:r></w:p></w:comment></w:comments>"""
CUSTOM = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
    "<property name='Reviewer'>Jane Doe</property></Properties>"
)


def dirty(package: Path) -> None:
    """Put into ``package`` what Word leaves behind after a review."""
    found = parts(package)
    body = xml(found["word/document.xml"])
    first = body.find("w:body/w:p", NS)
    first.addprevious(etree.fromstring(DIRTY_BODY))
    found["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8")
    found["word/comments.xml"] = COMMENTS.encode()
    found["word/people.xml"] = f'<w15:people xmlns:w15="{W14}"/>'.encode()
    found["docProps/custom.xml"] = CUSTOM.encode()
    _relate(found, "word/_rels/document.xml.rels", "comments", "comments.xml")
    _relate(found, "word/_rels/document.xml.rels", "people", "people.xml")
    _relate(found, "_rels/.rels", "custom-properties", "docProps/custom.xml")
    types = xml(found["[Content_Types].xml"])
    for part in ("/word/comments.xml", "/docProps/custom.xml", "/word/people.xml"):
        etree.SubElement(types, f"{{{CT}}}Override", PartName=part, ContentType="application/xml")
    found["[Content_Types].xml"] = etree.tostring(types)
    found["docProps/core.xml"] = found["docProps/core.xml"].replace(
        b"</cp:coreProperties>",
        b"<dc:creator>Jane Doe</dc:creator><cp:lastModifiedBy>Jane Doe</cp:lastModifiedBy>"
        b"<cp:revision>7</cp:revision></cp:coreProperties>",
    )
    settings = xml(found["word/settings.xml"])
    template = etree.SubElement(settings, f"{{{W}}}attachedTemplate")
    template.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", "rX")
    etree.SubElement(etree.SubElement(settings, f"{{{W}}}docVars"), f"{{{W}}}docVar")
    found["word/settings.xml"] = etree.tostring(settings)
    found["word/_rels/settings.xml.rels"] = (
        f'<Relationships xmlns="{REL}"><Relationship Id="rX" Type="{REL_TYPE}attachedTemplate"'
        ' Target="file:///C:/Users/jane/Normal.dotm" TargetMode="External"/></Relationships>'
    ).encode()
    with zipfile.ZipFile(package, "w") as archive:
        for name, blob in found.items():
            archive.writestr(name, blob)


def _relate(found: dict[str, bytes], rels: str, kind: str, target: str) -> None:
    root = xml(found[rels])
    etree.SubElement(
        root, f"{{{REL}}}Relationship", Id=f"rId9{kind[:3]}", Type=REL_TYPE + kind, Target=target
    )
    found[rels] = etree.tostring(root)


def test_finishing_cleans_what_a_review_leaves(
    outputs: dict[str, Path], doc_en: Document, tmp_path: Path
) -> None:
    package = tmp_path / "reviewed.docx"
    shutil.copyfile(outputs["example.en.docx"], package)
    dirty(package)
    assert "word/comments.xml" in parts(package)
    finish_output(package, "docx", doc_en)
    found = parts(package)
    assert not {"word/comments.xml", "word/people.xml", "docProps/custom.xml"} & set(found)
    for name, blob in found.items():
        for trace in (b"Jane", b"comments.xml", b"custom.xml", b"people.xml", b"Normal.dotm"):
            assert trace not in blob, (name, trace)
    body = xml(found["word/document.xml"])
    for tag in ("ins", "del", "delText", "vanish", "proofErr", "commentRangeStart"):
        assert not body.findall(f".//w:{tag}", NS), tag
    assert not body.findall(".//w:commentReference", NS)
    assert not body.xpath(".//w:bookmarkStart[@w:name='_GoBack']", namespaces=NS)
    text = docx.Document(str(package)).paragraphs[0].text  # Word-level reading
    assert "Kept INSERTED commented" in text
    assert "DELETED" not in text and "HIDDEN" not in text
    core = xml(found["docProps/core.xml"])
    assert core.find("dc:creator", CORE) is None
    assert core.find("cp:lastModifiedBy", CORE) is None
    assert core.find("cp:revision", CORE) is None


def test_a_deleted_paragraph_mark_joins_the_paragraphs() -> None:
    body = etree.fromstring(
        f'<w:body xmlns:w="{W}">'
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
        "<w:r><w:t>one </w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>two</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:trPr><w:del w:id="2" w:author="A"/></w:trPr><w:tc><w:p/></w:tc></w:tr>'
        "<w:tr><w:tc><w:p><w:r><w:t>row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body>"
    )
    clean_word_xml(body, set())
    paragraphs = body.findall("w:p", NS)
    assert ["".join(p.itertext()) for p in paragraphs] == ["one two"]
    assert paragraphs[0].find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "BodyText"
    assert len(body.findall("w:tbl/w:tr", NS)) == 1


def test_text_in_a_hidden_style_goes() -> None:
    body = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>seen</w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>unseen</w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t> too</w:t></w:r></w:p></w:body>'
    )
    clean_word_xml(body, {"Secret"})
    assert "".join(body.itertext()) == "seen too"


# ---- PDF ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_metadata_is_neutral(outputs: dict[str, Path], lang: str) -> None:
    reader = PdfReader(outputs[f"example.{lang}.pdf"], strict=True)
    meta = reader.metadata
    assert meta is not None
    assert meta.get("/Creator") == "dossier"
    assert meta.get("/Producer") in (None, "dossier")
    assert "/Author" not in meta
    assert meta.title and meta.title.startswith("Letter dated" if lang == "en" else "رسالة")
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<xmp:CreatorTool>dossier</xmp:CreatorTool>" in xmp
    assert b"Typst" not in xmp and b"dc:creator" not in xmp


def test_neutral_pdf_keeps_every_offset() -> None:
    data = (
        b"%PDF-1.7\n1 0 obj\n<</Title(T)/Author(Jane Doe)/Creator(Typst 0.15.1)"
        b"/Producer(Some Writer 9)>>\nendobj\ntrailer\n<</Info 1 0 R>>\n%%EOF\n"
    )
    cleaned = neutral_pdf(data)
    assert len(cleaned) == len(data)
    assert b"Jane" not in cleaned and b"Typst" not in cleaned and b"Writer" not in cleaned
    assert b"/Creator(dossier)" in cleaned and b"/Producer(dossier)" in cleaned
    assert b"/Title(T)" in cleaned


# ---- HTML -----------------------------------------------------------------------------


def test_html_has_no_generator(outputs: dict[str, Path]) -> None:
    for lang in LANGS:
        page = outputs[f"example.{lang}.html"].read_text(encoding="utf-8")
        assert 'name="generator"' not in page
        assert "data-png" not in page


def test_finishing_removes_a_generator(tmp_path: Path, doc_en: Document) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<head>\n<meta charset="utf-8">\n  <meta name="generator" content="pandoc">\n</head>\n',
        encoding="utf-8",
    )
    finish_output(page, "html", doc_en)
    assert page.read_text(encoding="utf-8") == '<head>\n<meta charset="utf-8">\n</head>\n'
