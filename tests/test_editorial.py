"""The Editorial Manual's rules for communications, as `dossier check`
reports them: each with a dossier that breaks it, its message at its line,
and the exit status (2 for an error, 0 with a warning)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL_MANIFEST, MINIMAL_SECTIONS, write_tree
from dossier.cli import main

DRAFT = MINIMAL_MANIFEST.replace("symbol: S/2026/1043\n", "")
ITEM = "session: 81\nagenda_item: {number: 109, title: Measures to eliminate terrorism}\n"
IDENTICAL = (
    MINIMAL_MANIFEST.replace("kind: sc-letter", "kind: identical-letters")
    .replace("symbol: S/2026/1043", "symbol: A/81/123-S/2026/1043")
    .replace("organ: security-council", "organ: general-assembly")
    .replace("addressee: president-of-the-security-council", "addressee: secretary-general")
    + ITEM
)
NOTE = MINIMAL_MANIFEST.replace("kind: sc-letter", "kind: note-verbale").replace(
    "addressee: president-of-the-security-council", "addressee: secretary-general"
)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def check(tmp_path: Path, manifest: str, **files: str) -> tuple[int, str, Path]:
    folder = write_tree(tmp_path / "d", {"dossier.yaml": manifest, **MINIMAL_SECTIONS, **files})
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "lines"])
    assert result.exit_code in (0, 2), result.exception
    return result.exit_code, result.output, folder


CASES = {
    "identical letters to the President first": (
        edit(
            IDENTICAL,
            "addressee: secretary-general",
            "addressee: president-of-the-security-council",
        ),
        {},
        0,
        "dossier.yaml:9: warning: identical letters go to the Secretary-General and the "
        "President of the Security Council, the Secretary-General first (Editorial Manual, "
        "'Addressees') (write 'addressee: secretary-general')",
    ),
    "addressees out of the Editorial Manual's order": (
        edit(
            IDENTICAL,
            "addressee: secretary-general",
            "addressee: [president-of-the-security-council, secretary-general]",
        ),
        {},
        2,
        "dossier.yaml:9: error: the addressees go in the Editorial Manual's order, the "
        "Secretary-General first, then the Presidents, each once: [secretary-general, "
        "president-of-the-security-council] (write 'addressee: [secretary-general, "
        "president-of-the-security-council]')",
    ),
    "an addressee written twice": (
        edit(
            MINIMAL_MANIFEST,
            "addressee: president-of-the-security-council",
            "addressee: [secretary-general, president-of-the-security-council, secretary-general]",
        ),
        {},
        2,
        "dossier.yaml:9: error: the addressees go in the Editorial Manual's order, the "
        "Secretary-General first, then the Presidents, each once: [secretary-general, "
        "president-of-the-security-council]",
    ),
    "a letter to two addressees speaking to one": (
        edit(
            MINIMAL_MANIFEST,
            "addressee: president-of-the-security-council",
            "addressee: [secretary-general, president-of-the-security-council]",
        ),
        {"sections/en/00-letter.md": "Mr. President,\n\nI have the honour to write.\n"},
        0,
        "sections/en/00-letter.md:1: warning: 'Mr. President' speaks to one addressee",
    ),
    "a signatory who does not sign": (
        edit(MINIMAL_MANIFEST, "title: Permanent Representative", "title: First Secretary"),
        {},
        0,
        "dossier.yaml:7: warning: the signatory's function 'First Secretary' is not one that "
        "signs a communication (Editorial Manual, 'Signature')",
    ),
    "a signed note verbale": (
        NOTE,
        {"sections/en/00-letter.md": "transmit herewith a report.\n\n(Signed) Mira Castellan\n"},
        0,
        "sections/en/00-letter.md:3: warning: a note verbale is unsigned (Editorial Manual, "
        "'Signature'): the mission's stamp and initials authenticate it",
    ),
    "a General Assembly draft without agenda item": (
        edit(DRAFT, "organ: security-council", "organ: general-assembly"),
        {},
        0,
        "dossier.yaml:2: warning: a General Assembly communication names the agenda item",
    ),
    "a General Assembly letter submitted without agenda item": (
        edit(DRAFT, "organ: security-council", "organ: general-assembly\nstatus: submitted"),
        {},
        2,
        "dossier.yaml:2: error: a General Assembly communication names the agenda item it is "
        "to be circulated under (Editorial Manual, 'Agenda item') (add 'agenda_item: "
        "{number: 109, title: ...}', as the preliminary list or the agenda gives it)",
    ),
    "identical letters speaking to one addressee": (
        IDENTICAL,
        {"sections/en/00-letter.md": "Mr. President,\n\nI have the honour to write.\n"},
        0,
        "sections/en/00-letter.md:1: warning: 'Mr. President' speaks to one addressee: "
        "identical letters carry the same text to the Secretary-General and the President "
        "of the Security Council",
    ),
    "letter and annex past the word limit": (
        MINIMAL_MANIFEST + "word_limit: 10\n",
        {},
        0,
        "dossier.yaml:16: warning: letter and annex have 13 words, more than the word_limit "
        "of 10 (shorten them, or move material to a separate annex document)",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_rule_is_reported(tmp_path: Path, case: str) -> None:
    manifest, files, status, message = CASES[case]
    code, output, folder = check(tmp_path, manifest, **files)
    assert code == status, output
    assert f"{folder}/{message}" in output


def test_the_word_count_is_reported(tmp_path: Path) -> None:
    code, output, folder = check(tmp_path, MINIMAL_MANIFEST)
    assert code == 0
    assert f"{folder}: letter 8 words, annex 5 words" in output.splitlines()
    assert "warning" not in output


def test_the_word_count_is_of_the_most_public_edition(tmp_path: Path) -> None:
    """The limit is on the document circulated: a withheld passage, which
    the internal edition alone shows, is not counted."""
    withheld = (
        "# Facts\n\nA paragraph of the annex.\n\n"
        "::: {.confidential}\nSix words the public never reads.\n:::\n"
    )
    editions = (
        "editions:\n  - name: public\n    max: public\n  - name: internal\n    max: confidential\n"
    )
    code, output, folder = check(
        tmp_path, MINIMAL_MANIFEST + editions + "word_limit: 13\n",
        **{"sections/en/01-annex.md": withheld},
    )  # fmt: skip
    assert code == 0, output
    assert f"{folder}: letter 8 words, annex 5 words" in output.splitlines()
    assert "warning" not in output


def test_a_good_letter_has_no_editorial_warning(tmp_path: Path) -> None:
    both = IDENTICAL.replace(
        "addressee: secretary-general",
        "addressee: [secretary-general, president-of-the-security-council]",
    )
    for manifest in (MINIMAL_MANIFEST, IDENTICAL, NOTE, both):
        code, output, _ = check(tmp_path, manifest)
        assert (code, "warning" in output) == (0, False), output
