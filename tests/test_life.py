"""A document's life (``status: draft | submitted | issued``): what each state
refuses, what it builds in the UN layout, the draft's marking on every page,
and ``dossier issued`` recording the symbol."""

from __future__ import annotations

import zipfile
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import MINIMAL_MANIFEST, MINIMAL_SECTIONS, write_tree
from dossier.assemble.compose import assemble
from dossier.cli import main
from dossier.core.localise import locale
from dossier.pipeline.loading import load
from dossier.pipeline.makerules import rules

DRAFT = MINIMAL_MANIFEST.replace("symbol: S/2026/1043\n", "")
TWO = MINIMAL_MANIFEST.replace("languages: [en]", "languages: [en, fr]")
FR = {
    f"sections/fr/{n}": t
    for n, t in (
        ("00-letter.md", "J'ai l'honneur."),
        ("01-annex.md", "# Faits\n\nUn paragraphe.\n"),
    )
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 2), result.exception
    return result.exit_code, result.output


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


# ---- what each state refuses, at its line ----------------------------------------

BAD = {
    "a symbol on an explicit draft": (
        edit(MINIMAL_MANIFEST, "kind: sc-letter\n", "kind: sc-letter\nstatus: draft\n"),
        "dossier.yaml:3: error: 'symbol' is given by the Secretariat when it issues the "
        "document, not before ('status: draft'): remove it, or set 'status: issued'",
    ),
    "a job number on a submitted letter": (
        edit(
            DRAFT, "kind: sc-letter\n", "kind: sc-letter\nstatus: submitted\njob_number: 26-21345\n"
        ),
        "dossier.yaml:3: error: 'job_number' is given by the Secretariat",
    ),
    "issued without a symbol": (
        edit(DRAFT, "kind: sc-letter\n", "kind: sc-letter\nstatus: issued\n"),
        "dossier.yaml:2: error: 'status: issued' needs the symbol the Secretariat gave: run "
        "'dossier issued DIR --symbol S/2026/1043', or write 'symbol:'",
    ),
    "an unknown status": (
        edit(DRAFT, "kind: sc-letter\n", "kind: sc-letter\nstatus: drafted\n"),
        "dossier.yaml:2: error: 'drafted' is not a valid status (did you mean 'draft'?)",
    ),
    "a submit language that is not official": (
        edit(DRAFT, "source_language: en\n", "source_language: en\nsubmit_language: ur\n"),
        "dossier.yaml:10: error: submit_language 'ur': the Secretariat takes a letter in one "
        "of the six official languages (ar, zh, en, fr, ru, es); name one as "
        "'submit_language:'",
    ),
    "an Urdu original without a submit language": (
        edit(DRAFT, "source_language: en\nlanguages: [en]", "source_language: ur\nlanguages: [ur]"),
        "dossier.yaml:9: error: source_language 'ur': the Secretariat takes a letter in one",
    ),
    "issued languages the dossier does not have": (
        edit(MINIMAL_MANIFEST, "languages: [en]\n", "languages: [en]\nissued_languages: [fr]\n"),
        "dossier.yaml:12: error: issued_languages ['fr'] are not among the dossier's languages",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_status_is_refused_at_its_line(tmp_path: Path, case: str) -> None:
    manifest, message = BAD[case]
    files = (
        MINIMAL_SECTIONS
        if "ur]" not in manifest
        else {k.replace("/en/", "/ur/"): v for k, v in MINIMAL_SECTIONS.items()}
    )
    folder = write_tree(tmp_path / "d", {"dossier.yaml": manifest, **files})
    code, output = run("check", str(folder), "--format", "lines")
    assert code == 2
    assert f"{folder}/{message}" in output
    code, output = run("build", str(folder), "--out", str(tmp_path / "build"))
    assert code == 2
    assert message.split(": ", 1)[1] in output
    assert not [p for p in (tmp_path / "build").rglob("*") if p.is_file()]


# ---- what each state builds ---------------------------------------------------------


def manifest_of(tmp_path: Path, text: str) -> Path:
    return write_tree(tmp_path / "d", {"dossier.yaml": text, **MINIMAL_SECTIONS, **FR})


@pytest.mark.parametrize(
    ("text", "langs"),
    [
        (edit(TWO, "symbol: S/2026/1043\n", ""), ["en", "fr"]),
        (edit(TWO, "symbol: S/2026/1043\n", "status: submitted\n"), []),
        (TWO, ["en", "fr"]),
        (edit(TWO, "languages: [en, fr]", "languages: [en, fr]\nissued_languages: [fr]"), ["fr"]),
    ],
    ids=["draft", "submitted", "issued", "issued-in-french"],
)
def test_each_state_builds_its_languages(tmp_path: Path, text: str, langs: list[str]) -> None:
    dossier = load(manifest_of(tmp_path, text))
    m = dossier.manifest
    assert m.layout_languages(m.editions[0]) == langs
    made = rules(dossier, dossier.root, tmp_path / "build").text
    outputs = next(x for x in made.splitlines() if x.startswith("DOSSIER_OUTPUTS :="))
    layout = [o for o in outputs.split()[2:] if "/submission/" not in o]  # the UN layout's
    built = sorted({Path(o).name.split(".")[1] for o in layout})
    assert built == sorted(langs)


def test_a_submitted_dossier_builds_no_un_layout(tmp_path: Path) -> None:
    folder = manifest_of(tmp_path, edit(TWO, "symbol: S/2026/1043\n", "status: submitted\n"))
    code, _ = run("build", str(folder), "--out", str(tmp_path / "build"))
    assert code == 0
    pdfs = list((tmp_path / "build").rglob("*.pdf"))
    assert [p for p in pdfs if "submission" not in p.parts] == []  # only the package's


@pytest.mark.parametrize(
    ("lang", "marking", "expected"),
    [
        ("en", None, "DRAFT"),
        ("fr", None, "PROJET"),
        ("ar", None, "مسودة"),
        ("en", "confidential", "DRAFT · CONFIDENTIAL"),
    ],
)
def test_the_draft_marking_joins_the_editions(
    tmp_path: Path, lang: str, marking: str | None, expected: str
) -> None:
    from dossier.assemble.boilerplate import page_marking

    text = DRAFT + (f"editions:\n  - name: internal\n    max: {marking}\n" if marking else "")
    m = load(manifest_of(tmp_path, text)).manifest
    assert page_marking(m, m.editions[0], locale(lang)) == expected
    issued = load(manifest_of(tmp_path / "i", MINIMAL_MANIFEST)).manifest
    assert page_marking(issued, issued.editions[0], locale(lang)) == ""


def test_a_draft_has_no_symbol_and_no_job_number(tmp_path: Path) -> None:
    doc = assemble(load(manifest_of(tmp_path, DRAFT)), "en")
    assert (doc.symbol, doc.job_number, doc.job_line) == ("", "", "")
    assert doc.strings["marking"] == "DRAFT"


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("draft")
    folder = write_tree(tmp / "d", {"dossier.yaml": DRAFT, **MINIMAL_SECTIONS})
    code, output = run("build", str(folder), "--out", str(tmp / "build"))
    assert code == 0, output
    return tmp / "build" / "d" / "public"


def test_every_pdf_page_is_marked(draft_build: Path) -> None:
    pages = PdfReader(draft_build / "d.en.pdf").pages
    assert len(pages) >= 2
    for page in pages:
        assert (page.extract_text() or "").strip().startswith("DRAFT")


def test_every_docx_header_is_marked(draft_build: Path) -> None:
    with zipfile.ZipFile(draft_build / "d.en.docx") as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        assert headers
        for name in headers:
            assert b">DRAFT<" in z.read(name), name


def test_the_html_is_marked(draft_build: Path) -> None:
    page = lxml.html.parse(str(draft_build / "d.en.html")).getroot()
    assert page.find_class("marking")[0].text_content() == "DRAFT"
    assert 'content: "DRAFT"' in lxml.html.tostring(page, encoding="unicode")


# ---- dossier issued ----------------------------------------------------------------

COMMENTED = edit(
    DRAFT, "kind: sc-letter\n", "kind: sc-letter  # the letter\nstatus: draft   # for now\n"
).replace("sender:\n", "# Who signs.\nsender:\n")


def test_issued_records_the_symbol_and_keeps_every_other_line(tmp_path: Path) -> None:
    folder = manifest_of(tmp_path, COMMENTED)
    code, output = run(
        "issued", str(folder), "--symbol", "S/2026/1043", "--job-number", "26-21345",
        "--date", "2026-12-01", "--languages", "en",
    )  # fmt: skip
    assert code == 0, output
    after = (folder / "dossier.yaml").read_text(encoding="utf-8").split("\n")
    before = COMMENTED.split("\n")
    # the letter keeps its date: the masthead takes the date of issue
    assert [x for x in before if x not in after] == ["status: draft   # for now"]
    assert "date: 2026-11-27" in after and "issued_date: 2026-12-01" in after
    assert after[:4] == [
        "kind: sc-letter  # the letter",
        "status: issued   # for now",
        "symbol: S/2026/1043",
        "job_number: 26-21345",
    ]
    m = load(folder).manifest
    assert (m.status, m.symbol, m.issued_in) == ("issued", "S/2026/1043", ["en"])
    assert (str(m.date), str(m.issued_date)) == ("2026-11-27", "2026-12-01")


def test_issued_replaces_a_symbol_in_place(tmp_path: Path) -> None:
    folder = manifest_of(tmp_path, MINIMAL_MANIFEST)
    code, _ = run("issued", str(folder), "--symbol", "S/2026/1044")
    assert code == 0
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    new = "status: issued\nsymbol: S/2026/1044\n"
    assert text == edit(MINIMAL_MANIFEST, "symbol: S/2026/1043\n", new)


def test_issued_fills_an_empty_status(tmp_path: Path) -> None:
    folder = manifest_of(tmp_path, edit(DRAFT, "kind: sc-letter\n", "kind: sc-letter\nstatus:\n"))
    code, output = run("issued", str(folder), "--symbol", "S/2026/1044")
    assert code == 0, output
    lines = (folder / "dossier.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[1:3] == ["status: issued", "symbol: S/2026/1044"]


def test_issued_keeps_the_file_s_form(tmp_path: Path) -> None:
    """Line ends, byte-order mark, permissions and a link: only the edited
    lines change, as the drafter's ``git diff`` shows them."""
    folder = manifest_of(tmp_path, DRAFT)
    real = folder / "manifest.yaml"
    real.write_bytes(b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode("utf-8"))
    real.chmod(0o640)
    (folder / "dossier.yaml").unlink()
    (folder / "dossier.yaml").symlink_to("manifest.yaml")
    code, output = run("issued", str(folder), "--symbol", "S/2026/1044")
    assert code == 0, output
    assert (folder / "dossier.yaml").is_symlink()
    assert real.stat().st_mode & 0o777 == 0o640
    expected = edit(
        DRAFT, "kind: sc-letter\n", "kind: sc-letter\nstatus: issued\nsymbol: S/2026/1044\n"
    )
    assert real.read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--symbol", "S/2026/ugh"], "'S/2026/ugh' is not a valid symbol"),
        (
            ["--symbol", "S/2026/1", "--job-number", "2621345"],
            "'2621345' is not a valid job_number",
        ),
        (["--symbol", "S/2026/1", "--languages", "de"], "'de' is not a valid issued_languages"),
    ],
)
def test_a_bad_issue_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    folder = manifest_of(tmp_path, COMMENTED)
    code, output = run("issued", str(folder), *args)
    assert code == 2
    assert message in output
    assert (folder / "dossier.yaml").read_text(encoding="utf-8") == COMMENTED


def test_new_dossiers_are_drafts(tmp_path: Path) -> None:
    code, output = run("new", "memo", "--kind", "sc-letter", "--into", str(tmp_path))
    assert code == 0, output
    text = (tmp_path / "memo" / "dossier.yaml").read_text(encoding="utf-8")
    assert "status: draft" in text
    assert "symbol:" not in text
    assert load(tmp_path / "memo").manifest.status == "draft"


def _submitted_example(tmp_path: Path) -> Path:
    """The example with its letterhead, submitted: no symbol yet, in English."""
    import re
    import shutil

    folder = tmp_path / "sub"
    shutil.copytree(Path(__file__).resolve().parents[1] / "dossiers/example", folder)
    manifest = folder / "dossier.yaml"
    text = re.sub(r"(?m)^(symbol|job_number):.*\n", "", manifest.read_text(encoding="utf-8"))
    text = text.replace("kind: sc-letter\n", "kind: sc-letter\nstatus: submitted\n", 1)
    text = re.sub(r"(?m)^languages: .*$", "languages: [en, fr]", text)
    manifest.write_text(text, encoding="utf-8")
    return folder


def test_a_submitted_dossier_builds_its_package_and_nothing_else(tmp_path: Path) -> None:
    folder = _submitted_example(tmp_path)
    code, output = run("build", str(folder), "--out", str(tmp_path / "build"))
    assert code == 0, output
    public = tmp_path / "build/sub/public"
    built = sorted(p.relative_to(public).as_posix() for p in public.rglob("*") if p.is_file())
    assert built == [
        "manifest.json",
        "submission/sub.letter.en.docx",
        "submission/sub.letter.en.pdf",
        "submission/sub.secretariat.en.docx",
        "submission/submission.json",
    ]
    assert run("verify", str(tmp_path / "build/sub"))[0] == 0


def test_make_assembles_a_submitted_dossier_for_its_package(tmp_path: Path) -> None:
    dossier = load(_submitted_example(tmp_path))
    made = rules(dossier, dossier.root, tmp_path / "build").text
    # the submitted language is assembled for the package, and nothing rendered
    assert "--edition public --lang en" in made
    assert "--lang fr" not in made
    assert "$(CLI) render" not in made
    assert "$(CLI) submission" in made


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "addressee: president-of-the-security-council",
            "addressee: []",
            "is not a valid addressee",
        ),
        (
            "    en: Permanent Mission of the Republic of Aldoria to the United Nations",
            '    en: "  "',
            "the letterhead needs the mission's name",
        ),
        ("kind: sc-letter\n", "kind: sc-letter\nsubmit_language: ru\n", "is not among"),
    ],
    ids=["no-addressee", "mission-without-name", "submit-language-not-built"],
)
def test_what_would_break_the_package_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = _submitted_example(tmp_path)
    manifest = folder / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, output = run("check", str(folder))
    assert code == 2, output
    assert message in output
    assert "Traceback" not in output


def test_the_masthead_takes_the_date_of_issue_and_the_title_the_letters(tmp_path: Path) -> None:
    text = TWO.replace("date: 2026-11-27\n", "date: 2026-11-27\nissued_date: 2026-12-01\n")
    assert text != TWO
    doc = assemble(load(manifest_of(tmp_path, text)), "en")
    assert doc.strings["date"] == "1 December 2026"
    assert "Letter dated 27 November 2026" in doc.strings["title_line"]
