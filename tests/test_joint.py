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
    """The text of the document's paragraphs, one a line (a line break too)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def text(p: etree._Element) -> str:
        return "".join(
            "\n" if e.tag == f"{w}br" else (e.text or "") for e in p.iter(f"{w}t", f"{w}br")
        )

    return "\n".join(text(p) for p in root.iter(f"{w}p"))


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


SIGNATORIES = """\
signatories:
  - name: Mira Castellan
    title: Permanent Representative
    state: the Republic of Aldoria
    short_name: Aldoria
  - name: Tomas Vell
    title: Permanent Representative
    state: the Kingdom of Veskaria
    short_name: Veskaria
"""


def joint(root: Path, signatories: str = SIGNATORIES) -> Path:
    """The draft letter signed by two Permanent Representatives."""
    root = draft(root)
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    start = text.index("sender:")
    end = text.index("addressee:")
    (root / "dossier.yaml").write_text(text[:start] + signatories + text[end:], encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def joint_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("joint")
    build(joint(tmp / "letter"), tmp / "build")
    return tmp / "build" / "letter" / "public" / "submission"


def in_order(text: str, *needles: str) -> bool:
    places = [text.find(n) for n in needles]
    return -1 not in places and places == sorted(places)


def test_the_joint_letter_has_each_signature_block_in_order(joint_package: Path) -> None:
    text = " ".join("\n".join(pages(joint_package / "letter.letter.en.pdf")).split())
    assert "the assurances of our highest consideration" in text
    assert in_order(
        text,
        "We should be grateful",
        "Mira Castellan Permanent Representative of the Republic of Aldoria",
        "Tomas Vell Permanent Representative of the Kingdom of Veskaria",
    ), text
    xml = docx_text(joint_package / "letter.letter.en.docx")
    assert in_order(
        xml,
        "Mira Castellan\nPermanent Representative of the Republic of Aldoria\n",
        "Tomas Vell\nPermanent Representative of the Kingdom of Veskaria\n",
    )
    word = docx_text(joint_package / "letter.secretariat.en.docx")
    assert in_order(word, "Mira Castellan", "Tomas Vell")


def test_the_joint_letter_as_issued_has_the_plural_title_and_each_block(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from dossier.cli import main

    root = joint(tmp_path / "letter")
    out = tmp_path / "build"
    args = ["build", str(root), "--out", str(out), "--lang", "en", "--lang", "fr"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    folder = out / "letter" / "public"
    en = " ".join("\n".join(pages(folder / "letter.en.pdf")).split())
    assert (
        "from the Permanent Representatives of the Republic of Aldoria and the Kingdom of "
        "Veskaria to the United Nations addressed to the President of the Security Council"
    ) in en
    assert in_order(
        en,
        "(Signed) Mira Castellan Permanent Representative of the Republic of Aldoria",
        "(Signed) Tomas Vell Permanent Representative of the Kingdom of Veskaria",
    ), en
    xml = docx_text(folder / "letter.en.docx")
    assert in_order(xml, "Mira Castellan\nPermanent", "Tomas Vell\nPermanent")
    html = (folder / "letter.en.html").read_text(encoding="utf-8")
    assert in_order(html, "Mira Castellan", "Tomas Vell")
    fr = " ".join("\n".join(pages(folder / "letter.fr.pdf")).split())
    assert "Nous vous serions reconnaissants" in fr


def check(root: Path) -> tuple[int, str]:
    from click.testing import CliRunner

    from dossier.cli import main

    result = CliRunner().invoke(main, ["check", str(root), "--format", "lines"])
    return result.exit_code, result.output


def test_signatories_out_of_order_are_an_error_with_the_order(tmp_path: Path) -> None:
    backwards = SIGNATORIES.split("  - name: Tomas Vell")
    swapped = (
        "signatories:\n  - name: Tomas Vell"
        + backwards[1]
        + backwards[0].removeprefix("signatories:\n")
    )
    root = joint(tmp_path / "letter", swapped)
    line = (root / "dossier.yaml").read_text(encoding="utf-8").splitlines().index("signatories:")
    code, output = check(root)
    assert code == 2, output
    assert (
        f"{root}/dossier.yaml:{line + 1}: error: the signatories of a joint letter sign in the "
        "English alphabetical order of their States: the Republic of Aldoria; the Kingdom of "
        "Veskaria"
    ) in " ".join(output.split())
    assert "the Editorial Manual's order" in output


def test_formal_names_without_short_names_get_a_warning_not_an_error(tmp_path: Path) -> None:
    """'the Kingdom of Veskaria' after 'the Republic of Aldoria' is the right
    order (V after A), though 'Kingdom' comes before 'Republic'."""
    root = joint(
        tmp_path / "letter",
        SIGNATORIES.replace("    short_name: Aldoria\n", "").replace(
            "    short_name: Veskaria\n", ""
        ),
    )
    code, output = check(root)
    assert code == 0, output
    assert (
        "warning: the signatories of a joint letter sign in the English alphabetical order of "
        "their States' short names, and 'short_name:' is missing for the Republic of Aldoria; "
        "the Kingdom of Veskaria (add 'short_name:' to each, as the UN lists its Member States"
    ) in " ".join(output.split())


def test_sender_and_signatories_together_are_refused(tmp_path: Path) -> None:
    root = joint(tmp_path / "letter")
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    sender = "sender:\n  name: Mira Castellan\n  title: Permanent Representative\n"
    sender += "  state: the Republic of Aldoria\n"
    (root / "dossier.yaml").write_text(sender + text, encoding="utf-8")
    code, output = check(root)
    assert code == 2
    assert "write 'sender:' for one signatory or 'signatories:' for a joint letter" in output


# ---- courtesy translations ------------------------------------------------------------


@pytest.fixture(scope="module")
def courtesy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A draft letter submitted in English, with French and Urdu courtesy
    translations."""
    tmp = tmp_path_factory.mktemp("courtesy")
    root = draft(tmp / "letter")
    with (root / "dossier.yaml").open("a", encoding="utf-8") as f:
        f.write("courtesy_languages: [fr, ur]\n")
    build(root, tmp / "build")
    return tmp / "build" / "letter" / "public" / "submission"


def test_courtesy_translations_are_letters_marked_on_every_page(courtesy: Path) -> None:
    names = sorted(p.name for p in courtesy.iterdir())
    assert names == [
        "letter.letter.en.docx",
        "letter.letter.en.pdf",
        "letter.letter.fr.docx",
        "letter.letter.fr.pdf",
        "letter.letter.ur.docx",
        "letter.letter.ur.pdf",
        "letter.secretariat.en.docx",  # the Secretariat gets the language submitted only
        "submission.json",
    ]
    fr = pages(courtesy / "letter.letter.fr.pdf")
    assert len(fr) > 1
    assert all("PROJET · Traduction de courtoisie" in page for page in fr), fr
    assert not any("courtoisie" in page for page in pages(courtesy / "letter.letter.en.pdf"))
    with zipfile.ZipFile(courtesy / "letter.letter.fr.docx") as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        assert headers
        assert all("Traduction de courtoisie" in z.read(n).decode() for n in headers)
    with zipfile.ZipFile(courtesy / "letter.letter.ur.docx") as z:
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
        assert all("غیر رسمی ترجمہ" in h for h in headers)


def test_the_record_lists_courtesy_translations_as_such(courtesy: Path) -> None:
    from dossier.core.files import file_sha256

    record = json.loads((courtesy / "submission.json").read_text(encoding="utf-8"))
    assert record["language"] == "en"
    assert [f["name"] for f in record["files"]] == [
        "letter.letter.en.docx",
        "letter.letter.en.pdf",
        "letter.secretariat.en.docx",
    ]
    assert [(f["name"], f["language"]) for f in record["courtesy_translations"]] == [
        ("letter.letter.fr.docx", "fr"),
        ("letter.letter.fr.pdf", "fr"),
        ("letter.letter.ur.docx", "ur"),
        ("letter.letter.ur.pdf", "ur"),
    ]
    for f in record["courtesy_translations"]:
        assert f["sha256"] == file_sha256(courtesy / f["name"])


def test_a_courtesy_language_must_be_another_of_the_dossier(tmp_path: Path) -> None:
    root = draft(tmp_path / "letter")
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    (root / "dossier.yaml").write_text(text + "courtesy_languages: [fr, en]\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    code, output = check(root)
    assert code == 2, output
    assert (
        f"{root}/dossier.yaml:{line}: error: courtesy language 'en' is the language submitted: "
        "a courtesy translation is one of the dossier's other languages"
    ) in " ".join(output.split())


def test_make_redoes_the_package_when_a_courtesy_version_changes(tmp_path: Path) -> None:
    from dossier.core import paths
    from dossier.pipeline.loading import load
    from dossier.pipeline.makerules import rules

    root = draft(tmp_path / "letter")
    with (root / "dossier.yaml").open("a", encoding="utf-8") as f:
        f.write("courtesy_languages: [fr]\n")
    dossier = load(root)
    out = tmp_path / "build"
    text = rules(dossier, root, out).text
    record = paths.submission_record(out, "letter", "public").as_posix()
    (rule,) = [line for line in text.splitlines() if line.startswith(f"{record}:")]
    for lang in ("en", "fr"):
        assert paths.assembled(out, "letter", "public", lang).as_posix() in rule


def test_a_joint_note_verbale_is_refused(tmp_path: Path) -> None:
    root = joint(tmp_path / "letter")
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: sc-letter", "kind: note-verbale").replace(
        "addressee: president-of-the-security-council", "addressee: secretary-general"
    )
    (root / "dossier.yaml").write_text(text, encoding="utf-8")
    code, output = check(root)
    assert code == 2
    assert "a joint letter with 'signatories:' is a sc-letter" in output
