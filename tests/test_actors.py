"""persons/ and entities/ records, checked as incident records are; the
names of the evidence matched against the list's snapshot by `dossier
check` and `dossier sanctions report`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import EXAMPLE, ROOT
from dossier.cli import main
from dossier.core.diagnostics import DossierError
from dossier.core.localise import un_date
from dossier.core.mission import LANGS
from dossier.pipeline.loading import load

LIST = ROOT / "tests" / "fixtures" / "sanctions" / "consolidated.xml"

PERSON = """\
---
# FICTIONAL: an invented person.
id: P-001
name: Karim Yusuf Haddad
name_original: كريم يوسف حداد
aliases:
  - {name: Abou Youssef el-Veskari, quality: good}
  - {name: Karim the Tall, quality: low, release: states}
date_of_birth: 1979-05-12
place_of_birth: Kellbrook, Aldoria
nationality: [Veskaria, Aldoria]
gender: male
documents:
  - {type: passport, number: VX0012345, country: Veskaria, release: committee}
release: {date_of_birth: states, nationality: public}
---

A recruiter for an armed group.
"""

ENTITY = """\
---
id: E-001
name: Veskarian Liberation Front
aliases:
  - {name: Jabhat Tahrir Veskaria}
---

A group.
"""


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def messages(root: Path) -> list[str]:
    try:
        dossier = load(root)
    except DossierError as exc:
        return [str(d) for d in exc.diagnostics]
    return [str(d) for d in dossier.warnings]


def example(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "d"
    shutil.copytree(EXAMPLE, root)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_records_load(tmp_path: Path) -> None:
    root = example(tmp_path, {"persons/P-001.md": PERSON, "entities/E-001.md": ENTITY})
    dossier = load(root)
    assert dossier.actors is not None
    person = dossier.actors.get("P-001")
    assert person is not None and person.kind == "person"
    assert person.record.level_of("date_of_birth") == "states"
    assert person.record.level_of("place_of_birth") == "committee"  # unmarked: committee only
    assert person.record.level_of("name") == "public"
    assert root / "persons" / "P-001.md" in dossier.inputs


def test_problems_at_their_lines(tmp_path: Path) -> None:
    bad = PERSON.replace("gender: male", "gendre: male")
    twice = ENTITY.replace("id: E-001", "id: P-001")
    incident = (EXAMPLE / "evidence" / "ALD-2026-001.md").read_text(encoding="utf-8")
    linked = incident.replace("actor2:", "actors: [P-001, X-404]\nactor2:")
    root = example(
        tmp_path,
        {
            "persons/P-001.md": bad,
            "persons/P-002.md": PERSON.replace("P-001", "P-002").replace(
                "release: {", "release: {height: public, "
            ),
            "entities/E-002.md": twice,
            "evidence/ALD-2026-001.md": linked,
        },
    )
    found = messages(root)
    person = root / "persons" / "P-001.md"
    assert f"{person}:12: error: unknown key 'gendre' (did you mean 'gender'?)" in found
    second = root / "persons" / "P-002.md"
    assert any(m.startswith(f"{second}:15: error: release names no field 'height'") for m in found)
    entity = root / "entities" / "E-002.md"
    assert (
        f"{entity}:2: error: the id 'P-001' differs from the file name 'E-002' "
        "(rename the file P-001.md or fix the id)" in found
    )
    incident_path = root / "evidence" / "ALD-2026-001.md"
    line = linked.split("\n").index("actors: [P-001, X-404]") + 1
    assert (
        f"{incident_path}:{line}: error: actor 'X-404' is not a person or entity of the dossier "
        "(add persons/X-404.md or entities/X-404.md, or fix the id)"
    ) in found


def test_a_birth_after_the_letter(tmp_path: Path) -> None:
    root = example(tmp_path, {"persons/P-001.md": PERSON.replace("1979-05-12", "2027-01-01")})
    person = root / "persons" / "P-001.md"
    assert messages(root) == [
        f"{person}:9: error: date_of_birth 2027-01-01 is after the date of the letter "
        "(2026-11-27) (check the year)"
    ]


def test_check_reports_names_on_the_list(tmp_path: Path) -> None:
    root = example(tmp_path, {"persons/P-001.md": PERSON, "entities/E-001.md": ENTITY})
    assert messages(root) == []  # no snapshot: nothing to match
    assert run("sanctions", "import", LIST, "--dossier", root)[0] == 0
    found = messages(root)
    person, entity = root / "persons" / "P-001.md", root / "entities" / "E-001.md"
    assert found == [
        f"{entity}:3: warning: 'Veskarian Liberation Front' matches QDe.915 (Al-Qaida list, "
        "listed 2018-10-15) as 'VESKARIAN LIBERATION FRONT', exact match (check the identifiers; "
        "the match is by name only)",
        f"{person}:4: warning: 'Karim Yusuf Haddad' matches QDi.901 (Al-Qaida list, listed "
        "2019-03-04) as 'KARIM YUSUF HADDAD', exact match (check the identifiers; the match is by "
        "name only)",
    ]
    code, out = run("check", root)
    assert code == 0 and "QDi.901" in out and "QDe.915" in out


def test_report_prints_a_table(tmp_path: Path) -> None:
    root = example(
        tmp_path, {"persons/P-001.md": PERSON.replace("Karim Yusuf Haddad", "Kareem Haddad")}
    )
    code, out = run("sanctions", "report", root)
    assert code == 0
    assert "no snapshot of the list" in out
    run("sanctions", "import", LIST, "--dossier", root)
    code, out = run("sanctions", "report", root)
    assert code == 0, out
    rows = [line for line in out.splitlines() if "QDi.901" in line]
    assert len(rows) == 1 and "exact" in rows[0] and "كريم يوسف حداد" in rows[0]  # the strongest
    assert "Consolidated List of 2026-11-02T10:00:03.51Z" in out
    assert "1 match (1 exact, 0 strong, 0 possible)" in out


def test_ids_are_unique_across_persons_and_entities(tmp_path: Path) -> None:
    root = example(
        tmp_path,
        {"persons/P-001.md": PERSON, "entities/P-001.md": ENTITY.replace("E-001", "P-001")},
    )
    entity = root / "entities" / "P-001.md"
    assert messages(root) == [
        f"{entity}:2: error: the id 'P-001' is already used by {root / 'persons' / 'P-001.md'} "
        "(give each person and entity its own id)"
    ]


def test_what_an_edition_leaves_out_and_looks_for() -> None:
    from dossier.core.actors import Person, shown_fields

    person = Person.model_validate(
        {
            "id": "P-1",
            "name": "Nabil Anwar al-Qadiri",
            "aliases": [{"name": "Nabil the Recruiter", "release": "states"}],
            "date_of_birth": "1984-02-17",
            "nationality": ["Veskaria"],
            "documents": [{"type": "passport", "number": "VP4471902"}],
        }
    )
    shown, hidden = shown_fields(person, 0)  # the public edition
    assert (shown.aliases, shown.date_of_birth, shown.nationality, shown.documents) == (
        [],
        None,
        [],
        [],
    )
    # the date in words too, in every language: the forms print it so
    in_words = {(un_date(dt.date(1984, 2, 17), lang), "committee") for lang in LANGS}
    assert ("17 February 1984", "committee") in in_words <= set(hidden)
    assert sorted(set(hidden) - in_words) == [
        ("1984-02-17", "committee"),
        ("Nabil the Recruiter", "states"),
        ("VP4471902", "committee"),
    ]  # a nationality is too common a word to look for
    year = person.model_copy(update={"date_of_birth": 1984})
    assert shown_fields(year, 0)[1] == [
        ("Nabil the Recruiter", "states"),
        ("VP4471902", "committee"),
    ]
    states, hidden = shown_fields(person, 1)
    assert [a.name for a in states.aliases] == ["Nabil the Recruiter"]
    assert sorted(set(hidden) - in_words) == [
        ("1984-02-17", "committee"),
        ("VP4471902", "committee"),
    ]
