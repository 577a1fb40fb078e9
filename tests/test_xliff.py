"""Hand-off to translators: XLIFF 2.0 export of missing and stale sections,
and import of the translations back into the dossier."""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from conftest import EXAMPLE, MINIMAL_MANIFEST, MINIMAL_SECTIONS
from dossier.cli import main
from dossier.core import pandoc, tree
from dossier.load.sections import split_front_matter
from dossier.load.translations import State, text_hash
from dossier.pipeline.loading import load
from dossier.tools.status import matrix
from dossier.tools.xliff.export import body_blocks
from dossier.tools.xliff.inline import markdown, split_blocks, tokenize

XLF = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS = {"x": XLF, "mda": MDA}
TWO_LANGS = MINIMAL_MANIFEST.replace("languages: [en]", "languages: [en, fr]")

RICH = """\
# Facts

## The *first* incident

On 9 August, **armed groups** crossed the border,[^1] as the Panel
reported [@panel2026; @un2026, p. 4] and as @smith2025 confirms.

| Date     | Place       | Killed |
|:---------|:------------|-------:|
| 9 August | *Kellbrook* |      9 |

: Incidents

![Map of the *area*](figures/map.png)

[^1]: Reports of the Border Police,
    2 August 2026.

    A second paragraph of the note.
"""
LETTER_HASH = text_hash(MINIMAL_SECTIONS["sections/en/00-letter.md"])
SOURCES = """\
- id: panel2026
  title: Report of the Panel of Experts
- id: un2026
  title: Report of the Secretary-General
- id: smith2025
  title: Border Wars
"""
FR_LETTER = {
    "sections/fr/00-letter.md": f"---\ntranslation-of: {LETTER_HASH}\n---\n\n"
    "J'ai l'honneur d'écrire.[^1]\n\n[^1]: Une note.\n"
}
# Words, spaces and list numbering styles (an uppercase "(A)" for "(a)").
STRUCTURAL = {"Str", "Space", "SoftBreak", "LineBreak", "LowerAlpha", "UpperAlpha"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def rich_dossier(make_dossier: Callable[..., Path]) -> Path:
    files = {"sections/en/01-annex.md": RICH, "sources.yaml": SOURCES, **FR_LETTER}
    folder = make_dossier(TWO_LANGS, files)
    (folder / "figures").mkdir()
    Image.new("RGB", (8, 8), "teal").save(folder / "figures" / "map.png")  # a real one: checked
    return folder


def export(folder: Path, out: Path, lang: str = "fr") -> etree._Element:
    code, output = run("translation", "export", str(folder), "--lang", lang, "--out", str(out))
    assert code == 0, output
    assert f"wrote {out}" in output
    return etree.parse(str(out)).getroot()


def fill(
    xlf: Path, transform: Callable[[str], str] = str.upper, skip: Collection[str] = ()
) -> Path:
    """Give every unit (but those in ``skip``) a target: its source with
    ``transform`` applied to the text, the codes kept."""
    tree = etree.parse(str(xlf))
    for unit in tree.iter(f"{{{XLF}}}unit"):
        segment = unit.find("x:segment", NS)
        for old in segment.findall("x:target", NS):
            segment.remove(old)
        if unit.get("id") in skip:
            continue
        target = copy.deepcopy(segment.find("x:source", NS))
        target.tag = f"{{{XLF}}}target"
        for node in target.iter():
            node.text = transform(node.text) if node.text else node.text
            if node is not target and node.tail:
                node.tail = transform(node.tail)
        segment.append(target)
    out = xlf.with_name("done-" + xlf.name)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def structure(text: str) -> list[str]:
    """The pandoc node types of Markdown ``text``, words and spaces left out."""
    blocks, _ = pandoc.parse_markdown(text, pandoc.READER)
    return [n["t"] for n in tree.walk(blocks) if n["t"] not in STRUCTURAL]


def body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"), path)[1].strip()


def fr_states(folder: Path) -> dict[str, State]:
    return {e.name: e.state for e in matrix(load(folder, draft=True)) if e.lang == "fr"}


# --- the XLIFF 2.0 core structure -----------------------------------------------------


def core_problems(root: Any) -> list[str]:
    """What in ``root`` breaks the XLIFF 2.0 core schema and constraints we
    rely on (element order, required attributes, codes and their data)."""
    problems: list[str] = []
    if root.tag != f"{{{XLF}}}xliff" or root.get("version") != "2.0":
        problems.append(f"root {root.tag} version {root.get('version')}")
    if not root.get("srcLang") or not root.get("trgLang"):
        problems.append("srcLang/trgLang missing")
    files = list(root)
    if not files or any(f.tag != f"{{{XLF}}}file" for f in files):
        problems.append("<xliff> must hold <file> elements only")
    if len({f.get("id") for f in files}) != len(files):
        problems.append("file ids are not unique")
    for file in files:
        problems += _order(file, ["skeleton", "*", "notes", "unit+"])
        units = file.findall("x:unit", NS)
        if len({u.get("id") for u in units}) != len(units):
            problems.append(f"unit ids of {file.get('id')} are not unique")
        for unit in units:
            problems += _order(unit, ["*", "notes", "originalData", "segment+"])
            problems += _unit_problems(unit)
    return problems


def _order(element: Any, pattern: list[str]) -> list[str]:
    """Children of ``element`` follow ``pattern``: '*' any other namespace,
    'name+' one or more, 'name' at most one."""
    names = [etree.QName(c).localname if etree.QName(c).namespace == XLF else "*" for c in element]
    regex = "".join(
        "(\\*,)*" if p == "*" else f"({p[:-1]},)+" if p.endswith("+") else f"({p},)?"
        for p in pattern
    )
    if not re.fullmatch(regex, "".join(n + "," for n in names)):
        return [f"<{etree.QName(element).localname} id={element.get('id')}>: children {names}"]
    return []


def _unit_problems(unit: Any) -> list[str]:
    data = {d.get("id") for d in unit.iterfind("x:originalData/x:data", NS)}
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    for segment in unit.iterfind("x:segment", NS):
        if segment.get("state", "initial") not in {"initial", "translated", "reviewed", "final"}:
            problems.append(f"segment state {segment.get('state')}")
        if [etree.QName(c).localname for c in segment] not in (["source"], ["source", "target"]):
            problems.append(f"unit {unit.get('id')}: a segment holds source, then target")
        for part in segment:
            ids[etree.QName(part).localname] = _code_ids(part, data, problems)
    if not ids.get("target", set()) <= ids.get("source", set()):
        problems.append(f"unit {unit.get('id')}: target codes not in the source")
    return problems


def _code_ids(content: Any, data: set[str], problems: list[str]) -> set[str]:
    ids: list[str] = []
    for code in content.iterdescendants():
        local = etree.QName(code).localname
        if local not in {"ph", "pc"}:
            problems.append(f"unexpected <{local}>")
            continue
        ids.append(code.get("id"))
        refs = [code.get(a) for a in ("dataRef", "dataRefStart", "dataRefEnd") if code.get(a)]
        if not refs or not set(refs) <= data:
            problems.append(f"code {code.get('id')}: dataRef {refs} not in originalData")
        sub = code.get("subType")
        if sub and not (re.fullmatch(r"[^\s:]+:[^\s:]+", sub) and code.get("type")):
            problems.append(f"code {code.get('id')}: subType {sub} without a type")
        if code.get("type") not in {"fmt", "ui", "quote", "link", "image", "other"}:
            problems.append(f"code {code.get('id')}: type {code.get('type')}")
        if sub in {"xlf:b", "xlf:i"} and code.get("type") != "fmt":
            problems.append(f"code {code.get('id')}: {sub} needs type fmt")
    if len(set(ids)) != len(ids):
        problems.append(f"code ids repeat: {ids}")
    return set(ids)


# --- segmentation and inline codes ----------------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLE.glob("sections/*/*.md")), ids=str)
def test_tokens_give_back_the_markdown(path: Path) -> None:
    for block in body_blocks(path):
        assert markdown(tokenize(block)) == block


def test_blocks_of_a_section() -> None:
    blocks = split_blocks(RICH)
    assert blocks[0] == "# Facts"
    assert blocks[3].startswith("| Date") and blocks[3].endswith("|      9 |")
    assert blocks[4] == ": Incidents"
    assert blocks[6].startswith("[^1]: Reports") and blocks[6].endswith("of the note.")
    assert len(blocks) == 7


def test_codes_of_a_paragraph() -> None:
    nodes = tokenize(split_blocks(RICH)[2])
    codes = [(n.kind, n.start) for n in nodes if not isinstance(n, str)]
    assert codes == [
        ("strong", "**"),
        ("footnote", "[^1]"),
        ("citation", "[@panel2026; @un2026, p. 4]"),
        ("citation", "@smith2025"),
    ]
    assert all(isinstance(n, str) for n in tokenize("2 * 3 * 4, snake_case_name, a@b.org"))
    (link,) = tokenize("[the *report*](https://example.org/r(1))")
    assert not isinstance(link, str)
    assert (link.kind, link.start, link.end) == ("link", "[", "](https://example.org/r(1))")


# --- export ---------------------------------------------------------------------------


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "example"))


def test_export_lists_only_the_edited_section(example_copy: Path, tmp_path: Path) -> None:
    source = example_copy / "sections/en/02-incidents.md"
    text = source.read_text(encoding="utf-8").replace("15 injured.", "15 were injured.")
    source.write_text(text, encoding="utf-8")
    root = export(example_copy, tmp_path / "fr.xlf")
    assert core_problems(root) == []
    assert root.nsmap[None] == XLF
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "fr")
    (file,) = root.findall("x:file", NS)
    assert file.get("original") == "sections/en/02-incidents.md"
    units = file.findall("x:unit", NS)
    assert len(units) == len(body_blocks(source)) == 9
    new_hash = text_hash(split_front_matter(text, source)[1])
    assert (
        file.findtext("mda:metadata/mda:metaGroup/mda:meta[@type='source-hash']", namespaces=NS)
        == new_hash
    )
    for unit in units:
        notes = {n.get("category"): n.text for n in unit.iterfind("x:notes/x:note", NS)}
        assert notes["state"].startswith("stale: ")
        assert notes["source-hash"] == new_hash
        assert notes["section"].startswith("02-incidents, block ")
        # Same number of blocks: the previous translation is proposed.
        assert unit.find("x:segment", NS).get("state") == "translated"
        assert unit.find("x:segment/x:target", NS) is not None
    heading = units[0].find("x:segment/x:target", NS)
    assert heading[0].get("subType") == "md:heading" and heading[0].tail == "Incidents "  # {#id}


def test_export_of_a_missing_section(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = rich_dossier(make_dossier)
    root = export(folder, tmp_path / "fr.xlf")
    assert core_problems(root) == []
    (file,) = root.findall("x:file", NS)
    assert file.get("id") == "01-annex"
    segments = root.findall(".//x:segment", NS)
    assert len(segments) == 7
    assert {s.get("state") for s in segments} == {"initial"}
    assert not root.findall(".//x:target", NS)
    assert root.findtext(".//x:note[@category='state']", namespaces=NS).startswith("missing")
    paragraph = segments[2].find("x:source", NS)
    kinds = [(c.tag.split("}")[1], c.get("subType"), c.get("canDelete")) for c in paragraph]
    assert kinds == [
        ("pc", "xlf:b", None),
        ("ph", "md:footnote", "no"),
        ("ph", "md:citation", "no"),
        ("ph", "md:citation", "no"),
    ]
    data = [d.text for d in segments[2].getparent().iterfind("x:originalData/x:data", NS)]
    assert data == ["**", "[^1]", "[@panel2026; @un2026, p. 4]", "@smith2025"]
    image = segments[5].find("x:source/x:pc", NS)
    assert (image.get("type"), image.get("dispEnd")) == ("image", "](figures/map.png)")
    assert image[0].get("subType") == "xlf:i"


def test_export_default_path_and_nothing_to_do(
    make_dossier: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = rich_dossier(make_dossier)
    monkeypatch.chdir(tmp_path)
    code, output = run("translation", "export", str(folder), "--lang", "fr")
    assert code == 0, output
    assert "01-annex: missing, 7 units" in output
    assert (tmp_path / "build/sample/sample.fr.xlf").is_file()
    (folder / "sections/fr/01-annex.md").write_text(RICH, encoding="utf-8")
    assert run("translation", "mark", str(folder), "--lang", "fr")[0] == 0
    code, output = run("translation", "export", str(folder), "--lang", "fr", "--out", "x.xlf")
    assert code == 0 and "nothing to translate" in output
    assert not (tmp_path / "x.xlf").exists()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_export_to_a_wrong_language(make_dossier: Callable[..., Path], lang: str) -> None:
    folder = make_dossier(TWO_LANGS, FR_LETTER)
    code, output = run("translation", "export", str(folder), "--lang", lang)
    assert code == 2
    assert f"dossier.yaml: error: '{lang}' is" in output
    assert "Traceback" not in output


# --- round trip -----------------------------------------------------------------------


def test_round_trip_keeps_the_markdown(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    code, output = run("translation", "import", str(fill(tmp_path / "fr.xlf")))
    assert code == 0, output
    annex = folder / "sections/fr/01-annex.md"
    assert f"wrote {annex}" in output
    assert fr_states(folder)["01-annex"] is State.CURRENT
    text = body(annex)
    assert structure(text) == structure(RICH)
    for kept in ("# FACTS", "## THE *FIRST* INCIDENT", "**ARMED GROUPS**", "BORDER,[^1]"):
        assert kept in text
    for kept in ("[@panel2026; @un2026, p. 4]", "@smith2025", "| *KELLBROOK* |", ": INCIDENTS"):
        assert kept in text
    assert "![MAP OF THE *AREA*](figures/map.png)" in text
    assert "[^1]: REPORTS OF THE BORDER POLICE,\n    2 AUGUST 2026.\n\n    A SECOND" in text


def test_round_trip_of_the_same_text_gives_the_source(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    code, output = run("translation", "import", str(fill(tmp_path / "fr.xlf", str)))
    assert code == 0, output
    assert body(folder / "sections/fr/01-annex.md") == RICH.strip()


def test_round_trip_of_the_example(example_copy: Path, tmp_path: Path) -> None:
    for name in ("02-incidents", "03-area"):
        source = example_copy / f"sections/en/{name}.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nOne more *line*.\n")
    (example_copy / "sections/fr/04-conclusions.md").unlink()
    root = export(example_copy, tmp_path / "fr.xlf")
    assert core_problems(root) == []
    assert [f.get("id") for f in root.iterfind("x:file", NS)] == [
        "02-incidents",
        "03-area",
        "04-conclusions",
    ]
    # A block more than the translation: no target proposed.
    assert not root.findall(".//x:target", NS)
    done = fill(tmp_path / "fr.xlf")
    assert core_problems(etree.parse(str(done)).getroot()) == []
    code, output = run("translation", "import", str(done))
    assert code == 0, output
    assert set(fr_states(example_copy).values()) <= {State.CURRENT, State.WITHHELD}
    for name in ("02-incidents", "03-area", "04-conclusions"):
        translated = body(example_copy / f"sections/fr/{name}.md")
        assert structure(translated) == structure(body(example_copy / f"sections/en/{name}.md"))
    assert "](figures/northern-marches.png)" in body(example_copy / "sections/fr/03-area.md")
    assert load(example_copy).section("03-area", "fr").blocks


def test_import_keeps_front_matter_and_records_the_exported_hash(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    old = "---\nreviewer: A. Dupont\ntranslation-of: 0000\n---\n\n# Faits\n\nAncien texte.\n"
    folder = make_dossier(TWO_LANGS, {**FR_LETTER, "sections/fr/01-annex.md": old})
    source = folder / "sections/en/01-annex.md"
    exported = text_hash(source.read_text(encoding="utf-8"))
    root = export(folder, tmp_path / "fr.xlf")
    assert "".join(root.find(".//x:unit[@id='u2']//x:target", NS).itertext()) == "Ancien texte."
    source.write_text("# Facts\n\nThe source changed meanwhile.\n", encoding="utf-8")
    code, output = run("translation", "import", str(fill(tmp_path / "fr.xlf")))
    assert code == 0, output
    assert "changed after the export: this translation stays stale" in output
    written = (folder / "sections/fr/01-annex.md").read_text(encoding="utf-8")
    assert written.startswith(f"---\nreviewer: A. Dupont\ntranslation-of: {exported}\n---\n")
    assert written.endswith("\n# FACTS\n\nA PARAGRAPH OF THE ANNEX.\n")
    assert fr_states(folder)["01-annex"] is State.STALE


# --- import errors --------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def test_import_with_a_missing_target_writes_nothing(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    before = snapshot(folder)
    done = fill(tmp_path / "fr.xlf", skip={"u2", "u5"})
    code, output = run("translation", "import", str(done))
    assert code == 2
    assert re.search(
        rf"{re.escape(str(done))}:\d+: error: unit u2 of 01-annex has no target", output
    )
    assert "unit u5 of 01-annex has no target" in output
    assert "Traceback" not in output
    assert snapshot(folder) == before


def test_import_of_a_malformed_file(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    broken = tmp_path / "broken.xlf"
    lines = (tmp_path / "fr.xlf").read_text(encoding="utf-8").splitlines()
    lines.insert(9, '<unit id=u9">')
    broken.write_text("\n".join(lines), encoding="utf-8")
    code, output = run("translation", "import", str(broken), "--dossier", str(folder))
    assert code == 2
    assert f"{broken}:10: error: not well-formed XML" in output
    assert "Traceback" not in output


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    code, output = run("translation", "import", str(tmp_path / "none.xlf"))
    assert code == 2
    assert f"{tmp_path / 'none.xlf'}: error: no such file" in output


def edit(xlf: Path, change: Callable[[Any], None]) -> Path:
    tree = etree.parse(str(xlf))
    change(tree.getroot())
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    return xlf


def test_import_of_a_target_without_its_footnote(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")

    def drop_footnote(root: Any) -> None:
        (ph,) = root.xpath(".//x:target/x:ph[@subType='md:footnote']", namespaces=NS)
        ph.getparent().remove(ph)

    done = edit(fill(tmp_path / "fr.xlf"), drop_footnote)
    before = snapshot(folder)
    code, output = run("translation", "import", str(done))
    assert code == 2
    assert re.search(
        r":\d+: error: unit u3 of 01-annex: the target lacks the code 2 '\[\^1\]'", output
    )
    assert snapshot(folder) == before


def test_import_of_a_heading_marker_moved(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")

    def move_marker(root: Any) -> None:
        target = root.find(".//x:unit[@id='u1']//x:target", NS)
        ph = target[0]
        target.text, ph.tail = ph.tail, ""

    code, output = run("translation", "import", str(edit(fill(tmp_path / "fr.xlf"), move_marker)))
    assert code == 2
    assert "unit u1 of 01-annex: '#' must begin the target" in output


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        ("trgLang", "es", "the target language 'es' is not one this dossier translates into"),
        ("trgLang", "en", "the target language 'en' is not one"),
        ("srcLang", "fr", "the source language is 'fr', the dossier's is 'en'"),
    ],
)
def test_import_in_a_wrong_language(
    make_dossier: Callable[..., Path], tmp_path: Path, attribute: str, value: str, message: str
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    done = edit(fill(tmp_path / "fr.xlf"), lambda root: root.set(attribute, value))
    code, output = run("translation", "import", str(done))
    assert code == 2
    assert f"{done}:2: error: {message}" in output


def test_import_of_an_unknown_section(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")

    def rename(root: Any) -> None:
        (meta,) = root.xpath(".//mda:meta[@type='section']", namespaces=NS)
        meta.text = "09-nowhere"

    code, output = run("translation", "import", str(edit(fill(tmp_path / "fr.xlf"), rename)))
    assert code == 2
    assert re.search(r":3: error: unknown section '09-nowhere'", output)
    assert not (folder / "sections/fr/01-annex.md").exists()


def test_import_into_another_dossier_folder(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = rich_dossier(make_dossier)
    export(folder, tmp_path / "fr.xlf")
    done = fill(tmp_path / "fr.xlf")
    moved = Path(shutil.copytree(folder, tmp_path / "moved"))
    code, output = run("translation", "import", str(done), "--dossier", str(moved))
    assert code == 0, output
    assert (moved / "sections/fr/01-annex.md").is_file()
    assert not (folder / "sections/fr/01-annex.md").exists()
