"""`dossier sanctions import`: a list file in the published layout kept as
a snapshot; what is not that file refused at its line (or record), with
nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from dossier.cli import main
from dossier.core.files import file_sha256
from dossier.load.consolidated import read_list

LIST = ROOT / "tests" / "fixtures" / "sanctions" / "consolidated.xml"
SNAPSHOT = Path("sanctions") / "consolidated.json"


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture
def folder(make_dossier) -> Path:  # type: ignore[no-untyped-def]
    return make_dossier()


def test_reads_the_published_layout() -> None:
    snap = read_list(LIST)
    assert snap.date_generated == "2026-11-02T10:00:03.51Z"
    assert (snap.individuals, snap.entities) == (3, 1)
    karim = snap.records[0]
    assert (karim.reference, karim.list_type, karim.listed_on) == (
        "QDi.901",
        "Al-Qaida",
        "2019-03-04",
    )
    assert [(n.name, n.quality, n.original_script) for n in karim.names] == [
        ("KARIM YUSUF HADDAD", "", False),
        ("كريم يوسف حداد", "", True),
        ("Abu Yusuf al-Veskari", "Good", False),
        ("Karim the Tall", "Low", False),
    ]  # the self-closing <INDIVIDUAL_ALIAS/> names nothing
    assert karim.nationalities == ("Veskaria", "Aldoria")
    assert karim.documents == ("Passport VX0012345 (Veskaria)",)
    assert karim.places_of_birth == ("Kellbrook, Aldoria",)
    kaleem = snap.records[1]
    assert kaleem.births == ("1968", "1966-1969")
    assert kaleem.names[1].name == "کلیم اللہ چودھری"
    fatima = snap.records[2]
    assert fatima.name == "FATIMA AL-ZAHRA MANSOURI ALDORI"  # four name parts
    assert len(fatima.names) == 1  # an alias with empty elements names nothing
    front = snap.records[3]
    assert (front.kind, front.reference) == ("entity", "QDe.915")
    assert [n.quality for n in front.names] == ["", "", "a.k.a.", "f.k.a."]
    assert front.addresses == ("12 Harbour Road, Port Veska, Veskaria",)


def test_import_keeps_a_snapshot(folder: Path) -> None:
    code, out = run("sanctions", "import", LIST, "--dossier", folder)
    assert code == 0, out
    digest = file_sha256(LIST)
    assert out.strip() == (
        f"kept {folder / SNAPSHOT}: list of 2026-11-02T10:00:03.51Z, 3 individuals, 1 entities, "
        f"sha256 {digest}"
    )
    kept = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
    assert kept["sha256"] == digest
    assert kept["counts"] == {"individuals": 3, "entities": 1}
    assert kept["date_generated"] == "2026-11-02T10:00:03.51Z"


def test_import_into_the_shared_folder(folder: Path) -> None:
    manifest = folder / "dossier.yaml"
    manifest.write_text(manifest.read_text() + "sanctions_list: ../shared-list\n")
    code, out = run("sanctions", "import", LIST, "--dossier", folder)
    assert code == 0, out
    assert (folder.parent / "shared-list" / "consolidated.json").is_file()
    assert not (folder / SNAPSHOT).exists()


BAD = {
    "html": (
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>\n",
        ":1: error: is a web page (HTML), not the Consolidated List's XML",
    ),
    "truncated": (
        LIST.read_text(encoding="utf-8")[:2500],
        "ends before the list does (a truncated download?)",
    ),
    "other-xml": (
        '<?xml version="1.0"?>\n<sdnList><publshInformation/></sdnList>\n',
        ":2: error: starts with <sdnList>, not <CONSOLIDATED_LIST>",
    ),
    "no-date": (
        "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>\n",
        ":1: error: <CONSOLIDATED_LIST> has no dateGenerated",
    ),
    "no-dataid": (
        LIST.read_text(encoding="utf-8").replace("<DATAID>9100003</DATAID>", ""),
        ":47: error: <INDIVIDUAL> has no DATAID",
    ),
    "no-reference": (
        LIST.read_text(encoding="utf-8").replace(
            "<REFERENCE_NUMBER>QDe.915</REFERENCE_NUMBER>", ""
        ),
        ":61: error: record DATAID 9200001 has no REFERENCE_NUMBER",
    ),
    "bad-date": (
        LIST.read_text(encoding="utf-8").replace("2021-07-20", "20 July 2021"),
        "error: record DATAID 9100002 LISTED_ON '20 July 2021' is no date",
    ),
    "empty": ("", "error: is empty"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_list_files_are_refused(case: str, folder: Path, tmp_path: Path) -> None:
    from hostile.conftest import assert_clean_refusal, dossier

    text, message = BAD[case]
    bad = tmp_path / "list.xml"
    bad.write_text(text, encoding="utf-8")
    (folder / "sanctions").mkdir()
    before = {p.name for p in (folder / "sanctions").iterdir()}
    ran = dossier("sanctions", "import", bad, "--dossier", folder)
    assert_clean_refusal(ran, f"{bad}{message}" if message.startswith(":") else message)
    assert {p.name for p in (folder / "sanctions").iterdir()} == before  # nothing written


def test_a_refused_file_leaves_the_old_snapshot(folder: Path, tmp_path: Path) -> None:
    assert run("sanctions", "import", LIST, "--dossier", folder)[0] == 0
    kept = (folder / SNAPSHOT).read_bytes()
    bad = tmp_path / "cut.xml"
    shutil.copy(LIST, bad)
    bad.write_bytes(bad.read_bytes()[:-200])
    code, _ = run("sanctions", "import", bad, "--dossier", folder)
    assert code == 2
    assert (folder / SNAPSHOT).read_bytes() == kept
