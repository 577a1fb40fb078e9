"""The document kinds after sc-letter: ga-letter, identical-letters,
note-verbale, position-paper. Each is a throwaway copy of the letter fixture
with its kind's fields, built in English, French and Arabic in every format;
the outputs carry the kind's masthead, title line and closing."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import LETTER, ROOT
from dossier.core.diagnostics import DossierError
from dossier.load.translations import text_hash
from dossier.pipeline.loading import load
from dossier.pipeline.stages import build

LANGS = ("en", "fr", "ar")
AGENDA_ITEM = """\
session: 81
agenda_item:
  number: 109
  title:
    en: Measures to eliminate international terrorism
    fr: Mesures visant à éliminer le terrorisme international
    ar: التدابير الرامية إلى القضاء على الإرهاب الدولي
"""
# kind -> (what replaces the fixture's kind, symbol, organ and addressee; what is added)
KINDS = {
    "ga-letter": (
        ("ga-letter", "A/81/123", "general-assembly", "secretary-general"),
        AGENDA_ITEM,
    ),
    "identical-letters": (
        ("identical-letters", "A/81/123-S/2026/1043", "general-assembly", "secretary-general"),
        AGENDA_ITEM,
    ),
    "note-verbale": (
        ("note-verbale", "S/2026/1043", "security-council", "secretary-general"),
        "",
    ),
    "position-paper": (
        ("position-paper", "S/2026/1043", "security-council", "secretary-general"),
        """\
title:
  en: Armed attacks from the Veskarian Federation, August to October 2026
  fr: Attaques armées menées depuis la Fédération veskarienne, août-octobre 2026
  ar: الهجمات المسلحة انطلاقا من الاتحاد الفيسكاري، آب/أغسطس - تشرين الأول/أكتوبر 2026
issuer:
  en: Ministry of Foreign Affairs of the Republic of Aldoria
  fr: Ministère des affaires étrangères de la République d'Aldorie
  ar: وزارة الخارجية في جمهورية ألدوريا
place:
  en: Addis Ababa
  fr: Addis-Abeba
  ar: أديس أبابا
""",
    ),
}
# A note verbale's body continues "... has the honour to".
NOTE = {
    "en": "transmit herewith a report on the armed attacks carried out against the "
    "Republic of Aldoria between 1 August and 31 October 2026.",
    "fr": "transmettre ci-joint un rapport sur les attaques armées perpétrées contre la "
    "République d'Aldorie entre le 1er août et le 31 octobre 2026.",
    "ar": "تحيل طيه تقريرا عن الهجمات المسلحة التي شُنت على جمهورية ألدوريا في الفترة من "
    "1 آب/أغسطس إلى 31 تشرين الأول/أكتوبر 2026.",
}


def make_kind(tmp: Path, kind: str) -> Path:
    """A copy of the letter fixture made a ``kind``."""
    root = tmp / kind
    shutil.copytree(LETTER, root)
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    (new_kind, symbol, organ, addressee), extra = KINDS[kind]
    for old, new in (
        ("kind: sc-letter", f"kind: {new_kind}"),
        ("symbol: S/2026/1043", f"symbol: {symbol}"),
        ("organ: security-council", f"organ: {organ}"),
        ("addressee: president-of-the-security-council", f"addressee: {addressee}"),
    ):
        assert old in text
        text = text.replace(old, new)
    manifest.write_text(text + extra, encoding="utf-8")
    if kind == "note-verbale":
        source = NOTE["en"] + "\n"
        for lang, body in NOTE.items():
            front = "" if lang == "en" else f"---\ntranslation-of: {text_hash(source)}\n---\n\n"
            path = root / "sections" / lang / "00-letter.md"
            path.write_text(front + body + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``built(kind)``: the build folder of the public edition of ``kind``."""
    tmp = tmp_path_factory.mktemp("kinds")
    done: dict[str, Path] = {}

    def get(kind: str) -> Path:
        if kind not in done:
            root = make_kind(tmp, kind)
            build(root, tmp / "build", langs=LANGS)
            done[kind] = tmp / "build" / kind / "public"
        return done[kind]

    return get


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def html_text(path: Path) -> str:
    return squash(lxml.html.parse(str(path)).getroot().text_content())


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = PdfReader(path).pages
    chosen = pages if page is None else [pages[page]]
    return squash(" ".join(p.extract_text() or "" for p in chosen))


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = ("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))
    return squash(" ".join(paragraphs))


def output(folder: Path, lang: str, fmt: str) -> Path:
    return folder / f"{folder.parent.name}.{lang}.{fmt}"


def texts(folder: Path, lang: str) -> dict[str, str]:
    """The text of the three outputs in ``lang``."""
    return {
        "html": html_text(output(folder, lang, "html")),
        "pdf": pdf_text(output(folder, lang, "pdf")),
        "docx": docx_text(output(folder, lang, "docx")),
    }


# ---- what each kind says --------------------------------------------------

TITLE = "27 November 2026 from the Permanent Representative of the Republic of Aldoria to the "
TITLE += "United Nations addressed to the Secretary-General"
MISSION = "The Permanent Mission of the Republic of Aldoria to the United Nations"
ENGLISH = {
    "ga-letter": [
        "A/81/123",
        "General Assembly",
        "Eighty-first session",
        "Agenda item 109",
        "Measures to eliminate international terrorism",
        f"Letter dated {TITLE}",
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the General Assembly, under agenda item 109.",
        "(Signed) Mira Castellan",
    ],
    "identical-letters": [
        "A/81/123-S/2026/1043",
        "General Assembly",
        "Security Council",
        "Eighty-first session",
        "Eighty-first year",
        "Agenda item 109",
        "Measures to eliminate international terrorism",
        f"Identical letters dated {TITLE} and the President of the Security Council",
        "I should be grateful if you would have the present letter and its annex circulated "
        "as a document of the General Assembly, under agenda item 109, and of the Security "
        "Council.",
        "(Signed) Mira Castellan",
    ],
    "note-verbale": [
        "Security Council",
        "Note verbale dated 27 November 2026 from the Permanent Mission of the Republic of "
        "Aldoria to the United Nations addressed to the Secretary-General",
        f"{MISSION} presents its compliments to the Secretary-General of the United Nations "
        "and has the honour to transmit herewith a report on the armed attacks",
        f"{MISSION} avails itself of this opportunity to renew to the Secretary-General the "
        "assurances of its highest consideration.",
        "New York, 27 November 2026",
    ],
    "position-paper": [
        "Ministry of Foreign Affairs of the Republic of Aldoria",
        "Armed attacks from the Veskarian Federation, August to October 2026",
        "Addis Ababa, 27 November 2026",
        "Annex",
    ],
}
FRENCH = {
    "ga-letter": [
        "Assemblée générale",
        "Quatre-vingt-unième session",
        "Point 109 de l’ordre du jour",
        "Mesures visant à éliminer le terrorisme international",
        "comme document de l’Assemblée générale, au titre du point 109 de l’ordre du jour.",
    ],
    "identical-letters": [
        "Conseil de sécurité",
        "Quatre-vingt-unième année",
        "Lettres identiques datées du 27 novembre 2026, adressées au Secrétaire général et au "
        "Président du Conseil de sécurité par la Représentante permanente",
        "au titre du point 109 de l’ordre du jour, et du Conseil de sécurité.",
    ],
    "note-verbale": [
        "Note verbale datée du 27 novembre 2026, adressée au Secrétaire général par la Mission "
        "permanente de la République d’Aldorie auprès de l’Organisation des Nations Unies",
        "présente ses compliments au Secrétaire général de l’Organisation des Nations Unies et "
        "a l’honneur de transmettre ci-joint",
        "saisit cette occasion pour renouveler au Secrétaire général les assurances de sa très "
        "haute considération.",
        "New York, le 27 novembre 2026",
    ],
    "position-paper": [
        "Ministère des affaires étrangères de la République d’Aldorie",
        "Addis-Abeba, le 27 novembre 2026",
        "Annexe",
    ],
}
ARABIC = {
    "ga-letter": ["الجمعية العامة", "الدورة الحادية والثمانون", "البند 109 من جدول الأعمال"],
    "identical-letters": ["مجلس الأمن", "السنة الحادية والثمانون", "رسالتان متطابقتان"],
    "note-verbale": ["مذكرة شفوية", "تهدي البعثة الدائمة لجمهورية ألدوريا", "فائق تقديرها"],
    "position-paper": ["وزارة الخارجية في جمهورية ألدوريا", "أديس أبابا"],
}
SIGNED = {"en": "(Signed)", "fr": "(Signé)", "ar": "(توقيع)"}


def words(text: str) -> str:
    """PDF text as the others: ligatures undone, a line broken after a
    hyphen ('Secretary-' / 'General') joined."""
    return re.sub(r"(?<=\w-) (?=\w)", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("kind", KINDS)
def test_english_texts(built: Callable[[str], Path], kind: str) -> None:
    for fmt, text in texts(built(kind), "en").items():
        text = words(text) if fmt == "pdf" else text
        for expected in ENGLISH[kind]:
            assert expected in text, (fmt, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_french_texts(built: Callable[[str], Path], kind: str) -> None:
    for fmt, text in texts(built(kind), "fr").items():
        text = words(text) if fmt == "pdf" else text
        for expected in FRENCH[kind]:
            assert expected in text, (fmt, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_arabic_texts(built: Callable[[str], Path], kind: str) -> None:
    """Arabic in HTML and Word (PDF text extraction reorders it); the PDF is made."""
    folder = built(kind)
    for fmt in ("html", "docx"):
        text = texts(folder, "ar")[fmt]
        for expected in ARABIC[kind]:
            assert expected in text, (fmt, expected)
    assert len(PdfReader(output(folder, "ar", "pdf")).pages) >= 2


@pytest.mark.parametrize("kind", ["note-verbale", "position-paper"])
def test_unsigned(built: Callable[[str], Path], kind: str) -> None:
    for lang in LANGS:
        for fmt, text in texts(built(kind), lang).items():
            assert SIGNED[lang] not in text, (lang, fmt)
            assert "Mira Castellan" not in text, (lang, fmt)


def test_note_verbale_ends_with_place_and_date(built: Callable[[str], Path]) -> None:
    folder = built("note-verbale")
    page = lxml.html.parse(str(output(folder, "en", "html"))).getroot()
    letter = page.find_class("letter")[0]
    assert squash(letter.find_class("place-date")[0].text_content()) == (
        "New York, 27 November 2026"
    )
    assert not page.find_class("signature")
    body = squash(letter.text_content())
    assert body.index("highest consideration.") < body.index("New York, 27 November 2026")
    first = words(pdf_text(output(folder, "en", "pdf"), 0))
    assert first.index("highest consideration.") < first.index("New York, 27 November 2026")


def test_position_paper_has_no_un_masthead(built: Callable[[str], Path]) -> None:
    folder = built("position-paper")
    first = pdf_text(output(folder, "en", "pdf"), 0)
    assert first.startswith("Ministry of Foreign Affairs of the Republic of Aldoria")
    for absent in ("United Nations", "Distr.", "S/2026/1043", "26-21345"):
        assert absent not in first
    page = lxml.html.parse(str(output(folder, "en", "html"))).getroot()
    assert not page.find_class("masthead") and not page.find_class("job-line")
    head = squash(page.find_class("title-page")[0].text_content())
    assert head == (
        "Ministry of Foreign Affairs of the Republic of Aldoria Armed attacks from the "
        "Veskarian Federation, August to October 2026 Addis Ababa, 27 November 2026"
    )
    word = docx_text(output(folder, "en", "docx"))
    assert word.startswith("Ministry of Foreign Affairs")
    assert "Distr." not in word and "United Nations" not in word.split("Annex")[0]


# ---- what each kind needs ---------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "old", "new", "message"),
    [
        ("ga-letter", "session: 81\n", "", "'kind: ga-letter' needs 'session'"),
        ("ga-letter", "symbol: A/81/123", "symbol: A/80/123", "is A/81/..., e.g. A/81/123"),
        ("ga-letter", "organ: general-assembly", "organ: security-council", "General Assembly"),
        (
            "identical-letters",
            "symbol: A/81/123-S/2026/1043",
            "symbol: A/81/123",
            "'symbol: A/81/123-S/2026/1043'",
        ),
        (
            "note-verbale",
            "addressee: secretary-general",
            "addressee: president-of-the-security-council",
            "write 'addressee: secretary-general'",
        ),
    ],
)
def test_kind_checks(tmp_path: Path, kind: str, old: str, new: str, message: str) -> None:
    root = make_kind(tmp_path, kind)
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        load(root)
    assert message in str(caught.value)


def test_position_paper_needs_a_title(tmp_path: Path) -> None:
    root = make_kind(tmp_path, "position-paper")
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text[: text.index("title:\n  en: Armed")], encoding="utf-8")
    with pytest.raises(DossierError, match="a position-paper needs its 'title'"):
        load(root)


def test_word_templates_are_rebuilt_identically(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make", ROOT / "scripts/make_docx_templates.py")
    assert spec and spec.loader
    make = importlib.util.module_from_spec(spec)
    sys.modules["make"] = make
    spec.loader.exec_module(make)
    for kind in make.KINDS:
        for name, document in (
            ("reference.docx", make.build_reference(kind)),
            ("letter.docx", make.build_letter(kind)),
        ):
            make.save(document, tmp_path / kind / name)
            committed = ROOT / "templates" / kind / name
            assert (tmp_path / kind / name).read_bytes() == committed.read_bytes(), (kind, name)
