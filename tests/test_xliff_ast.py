"""Translation units from pandoc's AST: the cases of issue 17 that the
regular expressions broke, and a property-based round trip (export, source
copied to target, import) that must give back the document's AST."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from dossier.core import pandoc, tree, tree_blocks
from dossier.load.translations import Entry, State
from dossier.tools.xliff.document import SectionExport, Unit, serialise, xliff_document
from dossier.tools.xliff.targets import filled
from dossier.tools.xliff.units import units
from dossier.tools.xliff.writer import comparable, markdown
from test_xliff import FR_LETTER, NS, TWO_LANGS, XLF, body, edit, export, fill, run


def translate(make_dossier: Callable[..., Path], tmp_path: Path, annex: str) -> tuple[Any, str]:
    """Export ``annex`` for French, copy every source to its target,
    import: the exported XLIFF and the French file's body."""
    folder = make_dossier(TWO_LANGS, {**FR_LETTER, "sections/en/01-annex.md": annex})
    root = export(folder, tmp_path / "fr.xlf")
    code, output = run("translation", "import", str(fill(tmp_path / "fr.xlf", str)))
    assert code == 0, output
    return root, body(folder / "sections/fr/01-annex.md")


def sources(root: Any) -> list[str]:
    return ["".join(s.itertext()) for s in root.iterfind(".//x:source", NS)]


def ast(text: str) -> Any:
    return comparable(pandoc.parse_markdown(text, pandoc.READER)[0])


# --- the cases of the issue -----------------------------------------------------------

ADJACENT_NOTES = "Text.[^1] More.[^2]\n\n[^1]: Note A.\n[^2]: Note B.\n"


def test_adjacent_footnote_definitions_stay_two_notes(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    root, french = translate(make_dossier, tmp_path, ADJACENT_NOTES)
    assert sources(root) == ["Text. More.", "Note A.", "Note B."]
    notes = tree.find(ast(french), {"Note"})
    assert [tree.stringify(n) for n in notes] == ["Note A.", "Note B."]
    assert "[^" not in tree.stringify(ast(french))
    assert ast(french) == ast(ADJACENT_NOTES)


LABELLED = "Text.[^camp] More.[^figures]\n\n[^camp]: Note A.\n\n[^figures]: Note B.\n"


def test_footnote_labels_come_back(make_dossier: Callable[..., Path], tmp_path: Path) -> None:
    _, french = translate(make_dossier, tmp_path, LABELLED)
    assert french == LABELLED.strip()


def test_an_unchanged_translation_comes_back_byte_for_byte(tmp_path: Path) -> None:
    """A stale section whose previous translation is proposed and accepted
    as it is: the same Markdown (an Arabic one, with its footnote)."""
    from conftest import EXAMPLE

    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "example"))
    source = folder / "sections/en/01-overview.md"
    source.write_text(source.read_text(encoding="utf-8").replace("attacks", "assaults", 1))
    before = body(folder / "sections/ar/01-overview.md")
    export(folder, tmp_path / "ar.xlf", "ar")
    code, output = run("translation", "import", str(tmp_path / "ar.xlf"))
    assert code == 0, output
    assert body(folder / "sections/ar/01-overview.md") == before
    assert "[^figures]" in before


TABLE = """\
| Date     | Place     |
|:---------|:----------|
| 9 August | Kellbrook |

: Incidents
"""


def test_a_table_is_a_unit_per_cell_and_a_translated_pipe_stays_text(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(TWO_LANGS, {**FR_LETTER, "sections/en/01-annex.md": TABLE})
    root = export(folder, tmp_path / "fr.xlf")
    assert sources(root) == ["Date", "Place", "9 August", "Kellbrook", "Incidents"]

    def pipe(root: Any) -> None:
        (target,) = root.xpath(".//x:unit[@id='u2']//x:target", namespaces=NS)
        target.text = "Lieu | endroit"

    done = edit(fill(tmp_path / "fr.xlf", str), pipe)
    code, output = run("translation", "import", str(done))
    assert code == 0, output
    (table,) = tree.find(ast(body(folder / "sections/fr/01-annex.md")), {"Table"})
    cells = [tree.stringify(c) for c in tree_blocks.table_cells(table)]
    assert cells == ["Date", "Lieu | endroit", "9 August", "Kellbrook"]


COMMENTED = "<!-- reviewer: check the figures -->\n\nThe figures.\n\n<!-- end -->\n"


def test_an_html_comment_is_no_unit_and_stays(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    root, french = translate(make_dossier, tmp_path, COMMENTED)
    assert sources(root) == ["The figures."]
    assert french.startswith("<!-- reviewer: check the figures -->\n")
    assert ast(french) == ast(COMMENTED)


def test_a_file_of_the_earlier_format_is_refused_clearly(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    folder = make_dossier(TWO_LANGS, FR_LETTER)
    export(folder, tmp_path / "fr.xlf")

    def drop(root: Any) -> None:
        for skeleton in root.iterfind(".//x:skeleton", NS):
            skeleton.getparent().remove(skeleton)

    done = edit(fill(tmp_path / "fr.xlf"), drop)
    code, output = run("translation", "import", str(done))
    assert code == 2
    assert (
        "error: 01-annex: this file carries no skeleton (the structure of the exported "
        "text): it was exported by an earlier version of dossier" in " ".join(output.split())
    )
    assert not (folder / "sections/fr/01-annex.md").exists()


INTERNAL_FR = TWO_LANGS + (
    "editions:\n  - name: public\n    max: public\n"
    "  - name: internal\n    max: confidential\n    languages: [en, fr]\n"
)


def test_a_span_dropped_from_a_target_is_refused(
    make_dossier: Callable[..., Path], tmp_path: Path
) -> None:
    annex = "A line with [a secret]{.restricted} inside.\n"
    folder = make_dossier(INTERNAL_FR, {**FR_LETTER, "sections/en/01-annex.md": annex})
    export(folder, tmp_path / "fr.xlf")

    def unwrap(root: Any) -> None:
        (pc,) = root.xpath(".//x:target/x:pc[@subType='md:span']", namespaces=NS)
        parent = pc.getparent()
        parent.text = (parent.text or "") + (pc.text or "") + (pc.tail or "")
        parent.remove(pc)

    code, output = run("translation", "import", str(edit(fill(tmp_path / "fr.xlf"), unwrap)))
    assert code == 2
    assert "unit u1 of 01-annex: the target lacks the code 1 '[…]{.restricted}' (md:span)" in output
    assert not (folder / "sections/fr/01-annex.md").exists()


# --- the property: export, source as target, import gives the AST back ---------------

WORDS = st.sampled_from(
    [
        "armed", "group", "Kellbrook", "déjà", "l'été", "2026,", "9", "camp.",
        "snake_case", "50%", "a|b", "مرحبا", "العالم", "اردو", "שלום", "边境",
        "Ürün", "blessures\u00a0;", "100\u202f000", "e-mail", "(fictional)", "#7", "x\\*y",
    ]
)  # fmt: skip


@st.composite
def phrase(draw: st.DrawFn, most: int = 4) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=most)))


@st.composite
def inline(draw: st.DrawFn, notes: list[str] | None) -> str:
    """A phrase, alone or in a construct. Within quotes, no ``*``: pandoc
    reads ``"2*3"`` as a word in curly quotes, which it writes back as a
    quotation (a refusal at import, see writer.reads_back)."""
    p = draw(phrase())
    forms = [
        p, f"*{p}*", f"**{p}**", f"`{p}`", "[@panel2026, p. 4]", "@smith2025",
        f"[{p}](https://example.org/a)", f"[{p}]{{.restricted}}", "$x^2$",
        f'"{p.replace("*", "")}"', f"~~{p}~~",
    ]  # fmt: skip
    if notes is not None:
        forms.append(_note(draw, notes))
    return forms[draw(st.integers(0, len(forms) - 1))]


def _note(draw: st.DrawFn, notes: list[str]) -> str:
    label = f"n{len(notes) + 1}"
    text = f"[^{label}]: {draw(phrase(6))}"
    if draw(st.booleans()):
        text += f"\n\n    {draw(phrase(6))}"
    notes.append(text)
    return f"[^{label}]"


@st.composite
def line(draw: st.DrawFn, notes: list[str] | None) -> str:
    return " ".join(draw(st.lists(inline(notes), min_size=1, max_size=4)))


@st.composite
def table(draw: st.DrawFn) -> str:
    width = draw(st.integers(2, 3))
    rows = [[draw(phrase(2)) for _ in range(width)] for _ in range(draw(st.integers(2, 3)))]
    lines = ["| " + " | ".join(r).replace("a|b", "a\\|b") + " |" for r in rows]
    lines.insert(1, "|" + "|".join(["---"] * width) + "|")
    caption = f"\n\n: {draw(phrase())}" if draw(st.booleans()) else ""
    return "\n".join(lines) + caption


@st.composite
def block(draw: st.DrawFn, notes: list[str]) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "#" * draw(st.integers(1, 3)) + " " + draw(line(None))
    if kind == 1:
        marker = draw(st.sampled_from(["-", "1."]))
        items = draw(st.lists(line(notes), min_size=1, max_size=3))
        return "\n".join(f"{marker} {item}" for item in items)
    if kind == 2:
        return draw(table())
    if kind == 3:
        level = draw(st.sampled_from(["restricted", "confidential"]))
        return f"::: {{.{level}}}\n{draw(line(notes))}\n:::"
    if kind == 4:
        return "<!-- a comment -->"
    if kind == 5:
        return f"> {draw(line(notes))}"
    if kind == 6:
        return f"![{draw(phrase())}](figures/map.png)"
    if kind == 7:
        return "```\nprint('code')\n```"
    lines = draw(st.lists(line(notes), min_size=1, max_size=3))
    return "\n".join(lines)


@st.composite
def documents(draw: st.DrawFn) -> str:
    notes: list[str] = []
    blocks = draw(st.lists(block(notes), min_size=1, max_size=6))
    joins = [draw(st.sampled_from(["\n", "\n\n"])) for _ in notes]
    definitions = "".join(text + joins[i] for i, text in enumerate(notes))
    return "\n\n".join(blocks) + "\n\n" + definitions


def round_trip(text: str) -> str:
    """Export ``text`` as XLIFF (through its serialisation), copy every
    source to its target, import: the Markdown written."""
    blocks, _ = pandoc.parse_markdown(text, pandoc.READER)
    exported = [Unit(nodes, None, None) for _, nodes in units(blocks)]
    entry = Entry("01-annex", "fr", State.MISSING, Path("sections/fr/01-annex.md"))
    skeleton = json.dumps(blocks, ensure_ascii=False)
    section = SectionExport(entry, "sections/en/01-annex.md", "0" * 64, exported, "", skeleton)
    xml = serialise(xliff_document("d", "en", "fr", [section])).encode("utf-8")
    root = etree.fromstring(xml)
    for segment in root.iter(f"{{{XLF}}}segment"):
        target = copy.deepcopy(segment.find("x:source", NS))
        target.tag = f"{{{XLF}}}target"
        segment.append(target)
    root = etree.fromstring(etree.tostring(root))
    file = root.find("x:file", NS)
    problems: list[Any] = []
    skeleton_blocks = json.loads(file.find("x:skeleton", NS).text)
    done = filled(Path("fr.xlf"), "01-annex", file, skeleton_blocks, problems)
    assert problems == []
    return markdown(done)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
def test_export_copy_import_gives_the_same_ast(text: str) -> None:
    assert ast(round_trip(text)) == ast(text)


def test_the_example_round_trips() -> None:
    from conftest import EXAMPLE

    for path in sorted(EXAMPLE.glob("sections/*/*.md")):
        text = body(path)
        assert ast(round_trip(text)) == ast(text), path
