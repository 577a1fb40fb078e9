"""Withheld text pasted into public text, whole or reworded: refused by
``dossier check`` and ``dossier build`` (exit 2, nothing written), naming
the public file and line and the withheld passage; and what only looks
like it (a shared place name and date) builds.

The English copy of the example (``base``) withholds from its public
edition the confidential section ``05-assessment`` and the restricted
record ALD-2026-006, and from both editions the secret block of
``05-assessment``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile.conftest import (
    EXAMPLE,
    Run,
    append,
    assert_clean_refusal,
    copy_example,
    dossier,
    files_under,
    found_in,
    outputs,
)

# The withheld sentences (sections/en/05-assessment.md, evidence/ALD-2026-006.md).
PATTERN = (
    "The pattern of the five attacks points to a single group, trained in the camp near Dravik."
)
GRANITE = (
    "Source GRANITE-7 reports that the group receives its explosives through the "
    "Veskarian border town of Halmstead."
)
CACHE = (
    "A patrol found 40 kg of explosives buried near the Halden Ford crossing, "
    "following information from source GRANITE-7."
)
SECRET = "The identity of source GRANITE-7 is held by the Directorate only."

ASSESSMENT = "sections/en/05-assessment.md"
OVERVIEW = "sections/en/01-overview.md"
RECORD = "evidence/ALD-2026-006.md"
MESSAGE = "this text repeats a sentence of the {what} ({where}), which the {who} withholds"


@dataclass(frozen=True)
class Vector:
    """An edit of the dossier; where it puts withheld text (file, the text
    that begins the line reported); what it repeats, and from where."""

    edit: Callable[[Path], None]
    file: str
    starts: str
    what: str = "confidential section 05-assessment"
    withheld: str = f"{ASSESSMENT}:9"
    who: str = "'public' edition"


def _para(text: str, file: str = OVERVIEW) -> Callable[[Path], None]:
    return lambda d: append(d / file, f"\n{text}\n")


def _replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        path = d / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


ONE_WORD = GRANITE.replace("receives", "obtains")
TWO_WORDS = ONE_WORD.replace("reports", "says")
THREE_WORDS = TWO_WORDS.replace("border", "frontier")
REORDERED = (
    "Trained in the camp near Dravik, a single group is what the pattern of the five "
    "attacks points to."
)
TABLE = f"| Item | Note |\n|------|------|\n| Supply | {GRANITE} |\n"
LINE_BREAK = GRANITE.replace("its explosives", "its\\\nexplosives")
SHOUTED = (
    "SOURCE granite 7 REPORTS that the group -- receives its explosives... "
    "through the VESKARIAN border-town of «Halmstead»!"
)

# Latin letters swapped for the Cyrillic ones drawn the same (а е о р с х і).
LOOK_ALIKE = PATTERN.translate(str.maketrans("aeopcxi", "аеорсхі"))

VECTORS = {
    "paste": Vector(_para(GRANITE), OVERVIEW, "Source GRANITE-7"),
    "one word changed": Vector(_para(ONE_WORD), OVERVIEW, "Source GRANITE-7"),
    "two words changed": Vector(_para(TWO_WORDS), OVERVIEW, "Source GRANITE-7"),
    "three words changed": Vector(_para(THREE_WORDS), OVERVIEW, "Source GRANITE-7"),
    "clauses reordered": Vector(
        _para(REORDERED), OVERVIEW, "Trained in", withheld=f"{ASSESSMENT}:8"
    ),
    "two sentences reversed": Vector(_para(f"{GRANITE} {PATTERN}"), OVERVIEW, "Source GRANITE-7"),
    "footnote": Vector(
        _para(f"As reported.[^src]\n\n[^src]: {GRANITE}"), OVERVIEW, "[^src]: Source"
    ),
    "table cell": Vector(_para(TABLE), OVERVIEW, "| Supply"),
    "heading": Vector(_para(f"## {GRANITE}"), OVERVIEW, "## Source"),
    "image alt text": Vector(
        _para(f"![{GRANITE}](figures/northern-marches.png)"), OVERVIEW, "![Source"
    ),
    "link title": Vector(
        _para(f'See [the annex](https://example.org "{GRANITE}").'), OVERVIEW, "See [the"
    ),
    "span attribute": Vector(_para(f'See [this]{{title="{GRANITE}"}}.'), OVERVIEW, "See [this]"),
    "record narrative into a section": Vector(
        _para(CACHE),
        OVERVIEW,
        "A patrol found",
        what="restricted record ALD-2026-006",
        withheld=f"{RECORD}:26",
    ),
    "split by a line break": Vector(_para(LINE_BREAK), OVERVIEW, "Source GRANITE-7"),
    "case and punctuation": Vector(_para(SHOUTED), OVERVIEW, "SOURCE granite"),
    "public record narrative": Vector(
        _para(GRANITE, "evidence/ALD-2026-001.md"), "evidence/ALD-2026-001.md", "Source GRANITE-7"
    ),
    "dossier.yaml notice": Vector(
        _replace("dossier.yaml", '"Fictional example:', f'"{GRANITE} Fictional example:'),
        "dossier.yaml",
        "  en: ",
    ),
    "sources.yaml title": Vector(
        _replace(
            "sources.yaml",
            "title: Report on the attack on the Tarn Pass border post",
            f"title: {GRANITE}",
        ),
        "sources.yaml",
        "  title: Source",
    ),
    "secret block into the confidential section": Vector(
        _para(SECRET, ASSESSMENT),
        ASSESSMENT,
        "The identity",
        what="secret block 05-assessment#1",
        withheld=f"{ASSESSMENT}:13",
        who="'internal' edition",
    ),
}


def _line(path: Path, starts: str) -> int:
    """The line of ``path`` that begins with ``starts`` (the last one)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, text in enumerate(lines, 1) if text.startswith(starts))


def _expected(d: Path, vector: Vector) -> tuple[str, int, str]:
    """The public file, its line, and the message."""
    withheld = str(d / vector.withheld)
    message = MESSAGE.format(what=vector.what, where=withheld, who=vector.who)
    return str(d / vector.file), _line(d / vector.file, vector.starts), message


@pytest.mark.leak_vector
@pytest.mark.parametrize("vector", VECTORS.values(), ids=VECTORS.keys())
def test_withheld_text_in_public_text_is_refused(
    base: Path, tmp_path: Path, vector: Vector
) -> None:
    vector.edit(base)
    file, line, message = _expected(base, vector)
    check = dossier("check", base)
    assert_clean_refusal(check, f"{line}: error: {message}")
    assert f"\n{file}\n" in f"\n{check.out}", check.text
    out = tmp_path / "build"
    built = dossier("build", base, "--out", out)
    assert_clean_refusal(built, f"{file}:{line}: error: {message}", "nothing was built")
    assert files_under(out) == set()


@pytest.mark.leak_vector
def test_a_sentence_in_cyrillic_look_alike_letters_is_refused(base: Path, tmp_path: Path) -> None:
    """Reads the same as the withheld sentence, spelt with other letters.
    (The line reported is not always the paste's: the finder of lines
    matches runs of the file's words, and may prefer an earlier run.)"""
    _para(LOOK_ALIKE)(base)
    message = MESSAGE.format(
        what="confidential section 05-assessment",
        where=f"{base / ASSESSMENT}:8",
        who="'public' edition",
    )
    assert_clean_refusal(dossier("check", base), message)
    out = tmp_path / "build"
    assert_clean_refusal(dossier("build", base, "--out", out), message, "nothing was built")
    assert files_under(out) == set()


# ---- no false alarm -------------------------------------------------------------

# Each shares a place, a date or a name with a withheld sentence, and no more.
NEIGHBOURS = (
    "On 12 October 2026 the Halden Ford crossing was closed for repairs to the road.",
    "Trade between Dravik and the border town of Halmstead resumed after the harvest.",
    "The five attacks are set out in section II, with the statements of the survivors.",
)


@pytest.fixture(scope="module")
def neighbours(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Run]:
    d = copy_example(tmp_path_factory.mktemp("neighbours") / "d")
    append(d / OVERVIEW, "\n" + " ".join(NEIGHBOURS) + "\n")
    out = d.parent / "build"
    return d, out, dossier("build", d, "--out", out)


def test_sharing_a_place_a_date_or_a_name_builds(neighbours: tuple[Path, Path, Run]) -> None:
    _, out, run = neighbours
    assert run.code == 0, run.text
    public = outputs(out, "public")
    public = [p for p in public if p.suffix in {".docx", ".pdf", ".html"}]
    # the three formats, and the package's letter (DOCX, PDF) and Secretariat's file
    assert len(public) == 6 and found_in(public, NEIGHBOURS[0]) == [str(p) for p in public]
    assert found_in(public, "Halmstead") and not found_in(public, "GRANITE")


def test_verify_rescans_the_outputs_with_the_stored_fingerprints(
    neighbours: tuple[Path, Path, Run], tmp_path: Path
) -> None:
    """A withheld sentence put into a public output after the build is found
    by ``dossier verify``, from the fingerprints kept in ``.leaks``."""
    _, out, run = neighbours
    assert run.code == 0, run.text
    copy = tmp_path / "build"
    shutil.copytree(out, copy)
    assert dossier("verify", copy / "d").code == 0
    page = copy / "d" / "public" / "d.en.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(re.sub("</body>", f"<p>{THREE_WORDS}</p></body>", html), encoding="utf-8")
    found = dossier("verify", copy / "d")
    assert found.code == 2, found.text
    leak = "leak: a section withheld from the 'public' edition is in HTML text (sentence: 14 of 17"
    assert leak in found.text, found.text


def test_the_example_in_seven_languages_checks_clean() -> None:
    run = dossier("check", EXAMPLE)
    assert run.code == 0 and "no errors" in run.out, run.text


def test_the_example_in_seven_languages_builds(tmp_path: Path) -> None:
    run = dossier("build", EXAMPLE, "--out", tmp_path)
    assert run.code == 0, run.text
    # and manifest.json, and the submission package: letter DOCX and PDF,
    # the Secretariat's DOCX, submission.json
    assert len(outputs(tmp_path, "public")) == 21 + 1 + 4
    # the confidential assessment reaches the internal submission package only
    secret = "Source GRANITE-7 reports"
    package = [p for p in outputs(tmp_path, "internal") if "submission" in p.parts]
    assert len(found_in(package, secret)) == 3  # the letter's DOCX and PDF, the Secretariat's
    assert found_in(outputs(tmp_path, "public"), secret) == []


@pytest.mark.leak_vector
def test_a_reworded_chinese_sentence_is_refused(tmp_path: Path) -> None:
    """A restricted block of the Chinese version, reworded in four places
    (据, 称, 经由, 取得), in another Chinese section."""
    d = copy_example(tmp_path / "d", "[en, zh]")
    secret = "消息来源报告称，该团体通过韦斯卡里亚边境城镇哈尔姆斯特德获得炸药。"
    # the source carries the same marking: a translation keeps its source's
    english = "Our sources report that the group obtains explosives through Halmstead."
    append(d / "sections/en/01-overview.md", f"\n::: {{.restricted}}\n{english}\n:::\n")
    append(d / "sections/zh/01-overview.md", f"\n::: {{.restricted}}\n{secret}\n:::\n")
    assert dossier("check", d).code == 0
    reworded = "据消息来源报告，该团体经由韦斯卡里亚边境城镇哈尔姆斯特德取得炸药。"
    public = d / "sections/zh/03-area.md"
    append(public, f"\n{reworded}\n")
    line = _line(public, reworded)
    withheld = d / "sections/zh/01-overview.md"
    # the block's invented id (01-overview#N) is select's to number
    what = "this text repeats a sentence of the restricted block 01-overview#"
    where = f"({withheld}:{_line(withheld, secret)}), which the 'public' edition withholds"
    assert_clean_refusal(dossier("check", d), f"{line}: error: {what}", where)
    out = tmp_path / "build"
    built = dossier("build", d, "--out", out)
    assert_clean_refusal(built, f"{public}:{line}: error: {what}", where, "nothing was built")
    assert files_under(out) == set()
