"""`kind: listing-request`: the example's request in DOCX, PDF and HTML,
each edition holding what its release level allows: nothing marked
`states` or `committee` in the narrative summary (public), nothing
`committee` in what interested States receive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hostile.conftest import ROOT, assert_clean_refusal, dossier, files_under, found_in, outputs

EXAMPLE = ROOT / "dossiers" / "example-listing"
PUBLIC = ["Nabil Anwar al-Qadiri", "نبيل أنور القادري", "Abu Anwar al-Veskari", "QDe.915"]
STATES = ["17 February 1984", "Nabil the Recruiter", "19840217-4471", "Two fighters detained"]
COMMITTEE = ["VP4471902", "4 Mill Lane", "liaison service of a partner State"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("listing") / "build"
    ran = dossier("build", EXAMPLE, "--out", out)
    assert ran.code == 0, ran.text
    return out / "example-listing"


def test_every_format_of_every_edition(built: Path) -> None:
    for edition in ("narrative-summary", "states", "committee"):
        for fmt in ("docx", "pdf", "html"):
            assert (built / edition / f"example-listing.en.{fmt}").is_file()


@pytest.mark.leak_vector
@pytest.mark.parametrize(
    ("edition", "shown", "withheld"),
    [
        ("narrative-summary", PUBLIC, STATES + COMMITTEE),
        ("states", PUBLIC + STATES, COMMITTEE),
        ("committee", PUBLIC + STATES + COMMITTEE, []),
    ],
)
def test_each_edition_holds_its_release_level(
    built: Path, edition: str, shown: list[str], withheld: list[str]
) -> None:
    files = outputs(built, edition)
    documents = [
        p for p in files if p.suffix in {".docx", ".pdf", ".html"} and "submission" not in p.parts
    ]
    for text in shown:
        assert sorted(found_in(documents, text)) == sorted(map(str, documents)), text
    for text in withheld:
        assert found_in(files, text) == [], text


def test_the_form_and_the_links(built: Path) -> None:
    html = (built / "committee" / "example-listing.en.html").read_text(encoding="utf-8")
    assert "Identifying information of the individual proposed for listing" in html
    assert "Passport</td>" in html or "Passport" in html
    assert html.count("QDe.915") == 1  # a listed name once, by its best match
    assert "Names checked against the Consolidated List of 20 November 2026." in html
    # the listing date in words, as a UN editor writes it, not the list's ISO form
    assert "QDe.915 (Al-Qaida list, listed on 15 October 2018) as “VESKARIAN" in html
    assert "2018-10-15" not in html


def copy(tmp_path: Path) -> Path:
    root = tmp_path / "example-listing"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.mark.leak_vector
def test_a_committee_identifier_in_public_text_is_refused(tmp_path: Path) -> None:
    root = copy(tmp_path)
    section = root / "sections" / "en" / "00-cover.md"
    section.write_text(section.read_text() + "\nHis passport is VP4471902.\n", encoding="utf-8")
    out = tmp_path / "out"
    ran = dossier("build", root, "--out", out)
    assert_clean_refusal(
        ran,
        f"{root / 'persons' / 'P-NAQ.md'}: error: field VP4471902 (confidential) found in ",
        "(the output was deleted: this edition must not show it)",
    )
    leaked = [p for p in files_under(out) if "narrative-summary/" in p and not p.startswith(".")]
    assert [p for p in leaked if p.endswith((".pdf", ".docx", ".html"))] == []


def test_a_listed_name_is_not_proposed(tmp_path: Path) -> None:
    root = copy(tmp_path)
    person = root / "persons" / "P-NAQ.md"
    person.write_text(
        person.read_text().replace("name: Nabil Anwar al-Qadiri", "name: Kareem Yousef Haddad")
    )
    ran = dossier("check", root)
    assert_clean_refusal(
        ran,
        "4: error: already listed: 'Kareem Yousef Haddad' matches QDi.901 (Al-Qaida list, "
        "listed 2019-03-04) as 'KARIM YUSUF HADDAD', strong match (a listed name is not "
        "proposed again: ask the committee to amend its entry)",
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("committee: 1267\n", ""),
            "error: a listing-request needs 'committee' (1267 or 1988), 'proposed' (the ID of the "
            "person or entity it proposes for listing) and its 'title'",
        ),
        (("committee: 1267", "committee: 1718"), "committee"),
        (
            ("proposed: P-NAQ", "proposed: P-404"),
            "error: proposed: 'P-404' is not a person or entity of the dossier (write "
            "persons/P-404.md or entities/P-404.md, or fix the id)",
        ),
    ],
)
def test_what_a_listing_request_needs(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    root = copy(tmp_path)
    manifest = root / "dossier.yaml"
    manifest.write_text(manifest.read_text().replace(*edit), encoding="utf-8")
    assert_clean_refusal(dossier("check", root), message)


def test_only_a_listing_request_names_a_committee(make_dossier) -> None:  # type: ignore[no-untyped-def]
    from conftest import MINIMAL_MANIFEST

    root = make_dossier(MINIMAL_MANIFEST + "committee: 1267\n")
    assert_clean_refusal(dossier("check", root), "'committee' is for 'kind: listing-request'")


def test_the_manifest_confirms_no_withheld_identifier(built: Path) -> None:
    """The narrative summary's manifest.json gives of a person's file the
    hash of what it shows (its narrative), not of the file: that hash could
    confirm a guessed passport number."""
    import json

    from dossier.core.files import file_sha256

    record = json.loads((built / "narrative-summary" / "manifest.json").read_text())
    entries = [e for e in json.dumps(record).split("{") if "persons/P-NAQ.md" in e]
    assert entries and '"shown"' in entries[0]
    assert file_sha256(EXAMPLE / "persons" / "P-NAQ.md") not in json.dumps(record)
    committee = (built / "committee" / "manifest.json").read_text()
    assert file_sha256(EXAMPLE / "persons" / "P-NAQ.md") in committee
    ran = dossier("verify", built)
    assert ran.code == 0, ran.text


@pytest.mark.leak_vector
def test_a_list_file_cannot_print_a_file_of_the_machine(tmp_path: Path) -> None:
    """An external entity in a list file (XXE) naming a file of the machine:
    the name it would fill stays empty, in the snapshot and every output."""
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARYXXE77\n", encoding="utf-8")
    root = copy(tmp_path)
    listed = (root / "sanctions" / "consolidated.xml").read_text(encoding="utf-8")
    start = listed.index("<CONSOLIDATED_LIST")
    doctype = f'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
    hostile = tmp_path / "list.xml"
    hostile.write_text(
        listed[:start] + doctype + listed[start:].replace("<FIRST_NAME>", "<FIRST_NAME>&x;", 1),
        encoding="utf-8",
    )
    ran = dossier("sanctions", "import", hostile, "--dossier", root)
    assert ran.code in (0, 2), ran.text
    out = tmp_path / "out"
    built = dossier("build", root, "--out", out)
    assert built.code == 0, built.text
    assert found_in([p for p in root.rglob("*") if p.is_file()], "CANARYXXE77") == []
    for edition in ("narrative-summary", "states", "committee"):
        assert found_in(outputs(out / "example-listing", edition), "CANARYXXE77") == []
