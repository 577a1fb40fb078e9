"""Leak vectors: ways of getting withheld text into a public edition.

Each vector puts a canary word in withheld material of a copy of the
example. Either the dossier is refused (exit 2, a clean message) or the
canary is in no public output and is in the outputs of the lowest edition
that may hold it (the vector was live). The withheld vectors share one
dossier built once (editions public, internal up to confidential, and
'all' up to secret; English); the refused ones each run ``dossier check``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from dossier.load.translations import text_hash
from hostile import vectors
from hostile.conftest import (
    Run,
    append,
    assert_clean_refusal,
    copy_example,
    dossier,
    files_under,
    found_in,
    outputs,
)

pytestmark = pytest.mark.leak_vector

XLF = "urn:oasis:names:tc:xliff:document:2.0"
HINT = "mark a passage with one of {.restricted}, {.confidential}, {.secret}"


@dataclass
class Built:
    root: Path  # the dossier
    out: Path  # the build folder (holding <name>/<edition>/)
    run: Run


def _set_annex(root: Path, extra: list[str]) -> None:
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    lines = "".join(f"  - {name}\n" for name in extra)
    text = text.replace("  - 04-conclusions\n", "  - 04-conclusions\n" + lines)
    text = text.replace(
        "    languages: [en]\n",
        "    languages: [en]\n  - name: all\n    max: secret\n    languages: [en]\n",
    )
    manifest.write_text(text, encoding="utf-8")


def _add_exhibit(root: Path) -> None:
    (root / "exhibits").mkdir()
    photo = root / "exhibits" / "photo.txt"
    photo.write_text("a fictional photograph\n", encoding="utf-8")
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    record = root / "evidence" / "ALD-2026-001.md"
    text = record.read_text(encoding="utf-8")
    exhibit = vectors.EXHIBIT.replace("{sha}", sha)
    record.write_text(text.replace("classification: public\n", exhibit, 1), encoding="utf-8")


def plant(root: Path) -> None:
    """Every withheld vector into the dossier at ``root``."""
    sections = root / "sections" / "en"
    (sections / "06-vectors.md").write_text(vectors.SECTION, encoding="utf-8")
    (sections / "07-restricted.md").write_text(vectors.RESTRICTED_SECTION, encoding="utf-8")
    (sections / "08-confidential.md").write_text(vectors.CONFIDENTIAL_SECTION, encoding="utf-8")
    evidence = root / "evidence"
    (evidence / "ALD-2026-007.md").write_text(vectors.RECORD, encoding="utf-8")
    (evidence / "ALD-2026-008.md").write_text(vectors.CAPITAL_RECORD, encoding="utf-8")
    append(evidence / "ALD-2026-001.md", vectors.NARRATIVE_DIV)
    append(evidence / "ALD-2026-002.md", vectors.NARRATIVE_SPAN)
    _add_exhibit(root)
    _set_annex(root, ["06-vectors", "07-restricted", "08-confidential", "generated/exhibits"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    top = tmp_path_factory.mktemp("vectors")
    root = copy_example(top / "d")
    plant(root)
    out = top / "out"
    run = dossier("build", root, "--out", out, "--lang", "en")
    assert run.code == 0, run.text
    return Built(root, out, run)


@pytest.mark.parametrize("canary", sorted(vectors.WITHHELD))
def test_withheld_vector(built: Built, canary: str) -> None:
    public = outputs(built.out, "public")
    assert {p.suffix for p in public} == {".docx", ".pdf", ".html", ".json"}
    assert found_in(public, canary) == []
    live = outputs(built.out, vectors.WITHHELD[canary])
    assert found_in(live, canary), f"{canary} is in no output of its edition: not a live vector"


def test_withheld_actor_left_out_of_public_acled(built: Built, tmp_path: Path) -> None:
    """actor1 is printed in no edition: the ACLED export shows it."""
    public, restricted = tmp_path / "public.csv", tmp_path / "restricted.csv"
    run = dossier("export", "acled", built.root, "--out", public)
    assert run.code == 0, run.text
    assert "CANARYV46X" not in public.read_text(encoding="utf-8")
    run = dossier("export", "acled", built.root, "--out", restricted, "--level", "restricted")
    assert run.code == 0, run.text
    assert "CANARYV46X" in restricted.read_text(encoding="utf-8")


def test_public_manifest_hides_how_much_was_withheld(built: Built) -> None:
    """A section shown in part is listed with the hash of what is shown, no
    size; ``dossier verify`` re-derives it (exit 0)."""
    manifest = built.out / "d" / "public" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    inputs = [e for r in data["builds"].values() for e in r["inputs"]]
    entry = next(e for e in inputs if e["path"].endswith("sections/en/06-vectors.md"))
    source = built.root / "sections" / "en" / "06-vectors.md"
    assert entry["shown"] == {"lang": "en", "max": "public"}
    assert "size" not in entry
    assert entry["sha256"] != hashlib.sha256(source.read_bytes()).hexdigest()
    whole = next(e for e in inputs if e["path"].endswith("sections/en/03-area.md"))
    assert whole["size"] > 0 and "shown" not in whole
    assert not any("07-restricted" in e["path"] for e in inputs)
    run = dossier("verify", built.out / "d")
    assert run.code == 0, run.text


# -- refused: markings that are none, definitions that cross a fence ---------------


def _check(root: Path, text: str, name: str = "01-overview") -> Run:
    append(root / "sections" / "en" / f"{name}.md", text)
    return dossier("check", root, "--format", "lines")


def _line_of(root: Path, needle: str, name: str = "01-overview") -> int:
    text = (root / "sections" / "en" / f"{name}.md").read_text(encoding="utf-8")
    return text[: text.rindex(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("\n::: {.restriced}\nMisspelt CANARYR01X.\n:::\n", ".restriced"),
        ("\nA [CANARYR02X]{.confidental} span.\n", ".confidental"),
        ("\n::: {.secrte}\nTransposed CANARYR03X.\n:::\n", ".secrte"),
        ("\n::: {.classified}\nClassified CANARYR04X.\n:::\n", ".classified"),
        ("\nAn [CANARYR05X]{classification=topsecret} span.\n", "classification=topsecret"),
        ("\n::: {level=secret}\nLevelled CANARYR06X.\n:::\n", "level=secret"),
        ("\n## Heading CANARYR07X {.internal}\n", ".internal"),
    ],
)
def test_marking_that_is_none_is_refused(base: Path, markdown: str, shown: str) -> None:
    run = _check(base, markdown)
    canary = re.search(r"CANARYR\d+X", markdown)
    assert canary is not None
    line = _line_of(base, canary.group(0)) - markdown.startswith("\n:::")
    where = f"sections/en/01-overview.md:{line}: error: "
    assert_clean_refusal(run, where + f"'{shown}' looks like a classification marking", HINT)


def test_footnote_defined_in_restricted_div_used_outside_is_refused(base: Path) -> None:
    run = _check(
        base,
        "\nA public sentence.[^q]\n\n::: {.restricted}\nHeld.\n\n[^q]: The CANARYR08X note.\n:::\n",
    )
    use, definition = _line_of(base, "sentence.[^q]"), _line_of(base, "[^q]: The")
    assert_clean_refusal(
        run,
        f"01-overview.md:{use}: error: the footnote [^q] used here is defined inside a "
        f"marked passage (line {definition}): its text would be published with this line",
        f"move the definition (line {definition}) out of the marked passage",
    )


def test_link_reference_defined_in_restricted_div_used_outside_is_refused(base: Path) -> None:
    run = _check(
        base,
        "\nSee [the report][rr].\n\n::: {.restricted}\nHeld.\n\n"
        "[rr]: https://example.org/CANARYR09X\n:::\n",
    )
    use, definition = _line_of(base, "[the report]"), _line_of(base, "[rr]: https")
    assert_clean_refusal(
        run,
        f"01-overview.md:{use}: error: the link reference [rr] used here is defined inside "
        f"a marked passage (line {definition})",
    )


def test_unknown_section_classification_is_refused(base: Path) -> None:
    path = base / "sections" / "en" / "04-conclusions.md"
    path.write_text("---\nclassification: topsecret\n---\n\nCANARYR10X\n", encoding="utf-8")
    run = dossier("check", base, "--format", "lines")
    assert_clean_refusal(
        run,
        "04-conclusions.md:2: error: 'topsecret' is not a classification "
        "(use one of: public, restricted, confidential, secret)",
    )


def test_front_matter_key_like_classification_is_refused(base: Path) -> None:
    path = base / "sections" / "en" / "04-conclusions.md"
    path.write_text("---\nClassification: secret\n---\n\nCANARYR11X\n", encoding="utf-8")
    run = dossier("check", base, "--format", "lines")
    assert_clean_refusal(
        run, "04-conclusions.md:2: error: 'Classification' looks like 'classification' but is not"
    )


# -- a UTF-8 BOM before the front matter -------------------------------------------


def test_bom_before_front_matter_keeps_the_classification(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "d")
    overview = root / "sections" / "en" / "01-overview.md"  # no reference to a withheld part
    text = overview.read_text(encoding="utf-8").replace("[](#conclusions)", "section VIII")
    overview.write_text(text, encoding="utf-8")
    path = root / "sections" / "en" / "04-conclusions.md"
    path.write_bytes(
        b"\xef\xbb\xbf---\nclassification: confidential\n---\n\nThe CANARYV44X section.\n"
    )
    out = tmp_path / "out"
    run = dossier("build", root, "--out", out, "--lang", "en", "--format", "html")
    assert run.code in (0, 2), run.text
    assert found_in(outputs(out, "public"), "CANARYV44X") == []
    assert run.code == 0 and found_in(outputs(out, "internal"), "CANARYV44X")


# -- translation: export and import -------------------------------------------------

PASSAGES = (
    "\nA public line with [CANARYV47X words]{.restricted} inside.\n\n"
    "::: {.restricted}\nThe CANARYV48X passage.\n:::\n\n"
    "## A heading CANARYV49X {.confidential}\n"
)


def _french(tmp_path: Path, internal: str) -> Path:
    root = copy_example(tmp_path / "d", "[en, fr]")
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("    languages: [en]\n", internal), encoding="utf-8")
    append(root / "sections" / "en" / "01-overview.md", PASSAGES)
    return root


def _export(root: Path, out: Path) -> str:
    run = dossier("translation", "export", root, "--lang", "fr", "--out", out)
    assert run.code == 0, run.text
    return out.read_text(encoding="utf-8")


def test_translation_export_holds_only_what_french_editions_may(tmp_path: Path) -> None:
    public_only = _french(tmp_path / "a", "    languages: [en]\n")
    text = _export(public_only, tmp_path / "a.xlf")
    assert "A public line with" in text
    for canary in ("CANARYV47X", "CANARYV48X", "CANARYV49X"):
        assert canary not in text
    with_internal = _french(tmp_path / "b", "    languages: [en, fr]\n")
    text = _export(with_internal, tmp_path / "b.xlf")
    for canary in ("CANARYV47X", "CANARYV48X", "CANARYV49X"):
        assert canary in text  # live: an edition in French may hold them


def _fill(xlf: Path, out: Path, drop_spans: bool) -> None:
    """Targets copied from the sources; a marked span's code taken out (its
    text kept) when asked: the fences are out of a translator's reach, a
    span's code is not."""
    tree = etree.parse(str(xlf))
    for segment in tree.iter(f"{{{XLF}}}segment"):
        old = segment.find(f"{{{XLF}}}target")
        if old is not None:
            segment.remove(old)
        target = copy.deepcopy(segment.find(f"{{{XLF}}}source"))
        target.tag = f"{{{XLF}}}target"
        for pc in target.findall(f".//{{{XLF}}}pc[@subType='md:span']") if drop_spans else []:
            parent, before = pc.getparent(), pc.getprevious()
            text = (pc.text or "") + (pc.tail or "")
            if before is None:
                parent.text = (parent.text or "") + text
            else:
                before.tail = (before.tail or "") + text
            parent.remove(pc)
        segment.append(target)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")


def test_translation_import_that_drops_a_marking_is_refused(tmp_path: Path) -> None:
    root = _french(tmp_path, "    languages: [en, fr]\n")
    xlf = tmp_path / "fr.xlf"
    text = _export(root, xlf)
    assert ":::" not in re.sub(r"<skeleton>.*?</skeleton>", "", text, flags=re.S)
    french = root / "sections" / "fr"
    before = {p: p.read_bytes() for p in french.glob("*.md")}
    dropped = tmp_path / "dropped.xlf"
    _fill(xlf, dropped, drop_spans=True)
    run = dossier("translation", "import", dropped)
    assert_clean_refusal(
        run,
        "of 01-overview: the target lacks the code 1 '[…]{.restricted}' (md:span)",
        "copy it from the source into the target",
    )
    assert {p: p.read_bytes() for p in french.glob("*.md")} == before
    kept = tmp_path / "kept.xlf"
    _fill(xlf, kept, drop_spans=False)
    run = dossier("translation", "import", kept)
    assert run.code == 0, run.text  # the same file with its codes goes in
    overview = (french / "01-overview.md").read_text(encoding="utf-8")
    assert "::: {.restricted}\nThe CANARYV48X passage.\n:::" in overview
    assert "[CANARYV47X words]{.restricted}" in overview


def test_record_narrative_translations_are_selected(tmp_path: Path) -> None:
    """French narratives: a restricted record's translation and a restricted
    passage in a public record's translation stay out of the public edition."""
    root = copy_example(tmp_path / "d", "[en, fr]")
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8").replace(
        "    languages: [en]\n", "    languages: [en, fr]\n"
    )
    manifest.write_text(text + "draft: true\n", encoding="utf-8")
    french = root / "evidence" / "fr"
    (french / "ALD-2026-006.md").write_text(
        "---\ntitle: Cache CANARYV45X\n---\n\nUne patrouille CANARYV45X a trouvé.\n",
        encoding="utf-8",
    )
    append(root / "evidence" / "ALD-2026-001.md", "\n::: {.restricted}\nThe source.\n:::\n")
    append(french / "ALD-2026-001.md", "\n::: {.restricted}\nLa source CANARYV50X.\n:::\n")
    out = tmp_path / "out"
    run = dossier("build", root, "--out", out, "--lang", "fr", "--format", "html")
    assert run.code == 0, run.text
    for canary in ("CANARYV45X", "CANARYV50X"):
        assert found_in(outputs(out, "public"), canary) == []
        assert found_in(outputs(out, "internal"), canary)
    assert files_under(out / "d" / "public") == {"d.fr.html", "manifest.json"}


def test_current_translation_that_drops_a_fence_is_refused(tmp_path: Path) -> None:
    """A narrative translated by hand, recorded as current, whose restricted
    passage lost its fence (French has an internal edition here)."""
    root = copy_example(tmp_path / "d", "[en, fr]")
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8").replace(
        "    languages: [en]\n", "    languages: [en, fr]\n"
    )
    manifest.write_text(text + "draft: true\n", encoding="utf-8")
    source = root / "evidence" / "ALD-2026-001.md"
    append(source, "\n::: {.restricted}\nThe source CANARYV51X.\n:::\n")
    body = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    french = root / "evidence" / "fr" / "ALD-2026-001.md"
    recorded = re.sub(
        r"translation-of: \w+",
        f"translation-of: {text_hash(body)}",
        french.read_text(encoding="utf-8"),
    )
    french.write_text(recorded + "\nLa source CANARYV51X.\n", encoding="utf-8")
    run = dossier("check", root, "--format", "lines")
    assert_clean_refusal(
        run,
        "evidence/fr/ALD-2026-001.md: error: the markings differ from those of ",
        "ALD-2026-001.md: the source has restricted Div, the translation none",
    )


def test_marking_on_a_raw_html_tag_is_refused(base: Path) -> None:
    """pandoc reads <div> and <span> (withheld, above); any other tag stays
    raw HTML, printed as it is in the HTML edition."""
    run = _check(base, '\n<p class="restricted">A raw CANARYR12X paragraph.</p>\n')
    line = _line_of(base, "CANARYR12X")
    assert_clean_refusal(
        run,
        f'01-overview.md:{line}: error: the marking class="restricted" of an HTML tag '
        "withholds nothing (mark the passage as a ::: {.restricted} div",
    )


def test_marking_in_record_front_matter_is_refused(base: Path) -> None:
    """Front matter is plain text: a span there would be printed, text and all."""
    record = base / "evidence" / "ALD-2026-001.md"
    text = record.read_text(encoding="utf-8").replace(
        "title: Attack on the village of Kellbrook",
        'title: "Attack on [Kellbrook CANARYR13X]{.restricted}"',
    )
    record.write_text(text, encoding="utf-8")
    run = dossier("check", base, "--format", "lines")
    assert_clean_refusal(
        run,
        "evidence/ALD-2026-001.md:4: error: the marking {.restricted} in 'title' withholds "
        "nothing: front matter is printed as it is (classify the whole record",
    )


def test_what_is_no_marking_passes(base: Path) -> None:
    """No false alarm: classes and attributes that mark nothing, and a note
    defined and used inside the same restricted passage."""
    run = _check(
        base,
        "\nA [Small]{.smallcaps} word, [mot]{lang=fr} and `code`{.python}.\n\n"
        "## A heading {.unnumbered}\n\n"
        "::: {.restricted}\nA held sentence.[^inner] See [the file][held].\n\n"
        "[^inner]: A held note.\n\n[held]: https://example.org/held\n:::\n\n"
        "::: {.public}\nA public passage, marked as such.\n:::\n",
    )
    assert run.code == 0, run.text
