"""Markings pandoc hides or prints: a citation's prefix and suffix, front
matter that does not open the file, marking text pandoc does not read as
a marking, and headings with no text.

The withheld vectors share one build (editions public and internal, up to
confidential; English); each refused one runs ``dossier check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile.conftest import Run, assert_clean_refusal, copy_example, dossier, found_in, outputs

FRONT_HINT = "front matter opens the file, between two '---' lines"
FENCE_HINT = "write a marking pandoc reads: a blank line before a '::: {.restricted}' fence"

CITES = """# Citations

A suffix [@police-2026-08-10, p. 4 [the informant CANARYP01X]{.restricted}].

A prefix [see [CANARYP02X]{.restricted} @police-2026-09-04].

A code suffix [@police-2026-08-10, `code CANARYP03X`{.restricted}].

A link suffix [@police-2026-08-10, [link CANARYP04X](https://example.org/){.restricted}].

A confidential suffix [@police-2026-09-04, at [CANARYP05X]{.confidential}; @police-2026-10-30].
"""
# Blank lines before the front matter: it is the front matter all the same.
LATE_FRONT = "\n\n---\nclassification: confidential\n---\n\n# Late front\n\nText CANARYP06X.\n"
WITHHELD = ["CANARYP01X", "CANARYP02X", "CANARYP03X", "CANARYP04X", "CANARYP05X", "CANARYP06X"]


@dataclass
class Built:
    root: Path
    out: Path
    run: Run


def _add(root: Path, name: str, text: str) -> Path:
    """A section ``name`` holding ``text``, last in the annex."""
    path = root / "sections" / "en" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    manifest = root / "dossier.yaml"
    listed = manifest.read_text(encoding="utf-8")
    listed = listed.replace("  - 04-conclusions\n", f"  - 04-conclusions\n  - {name}\n", 1)
    manifest.write_text(listed, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    top = tmp_path_factory.mktemp("probe")
    root = copy_example(top / "d")
    _add(root, "06-cites", CITES)
    _add(root, "07-late", LATE_FRONT)
    out = top / "out"
    run = dossier("build", root, "--out", out, "--lang", "en")
    assert run.code == 0, run.text
    return Built(root, out, run)


@pytest.mark.leak_vector
@pytest.mark.parametrize("canary", WITHHELD)
def test_withheld_in_citation_or_late_front_matter(built: Built, canary: str) -> None:
    public = outputs(built.out, "public")
    assert {p.suffix for p in public} >= {".docx", ".pdf", ".html"}
    assert found_in(public, canary) == []
    assert found_in(outputs(built.out, "internal"), canary), f"{canary}: not a live vector"


def test_citation_kept_around_what_it_withholds(built: Built) -> None:
    """The public footnote still cites the source, without the withheld words."""
    html = next(p for p in outputs(built.out, "public") if p.suffix == ".html")
    assert found_in([html], "Kellbrook, 9–10 August 2026, p. 4.") == [str(html)]


def _refused(root: Path, text: str) -> tuple[Run, Path]:
    path = _add(root, "06-probe", text)
    return dossier("check", root, "--format", "lines"), path


def _where(path: Path, needle: str) -> str:
    text = path.read_text(encoding="utf-8")
    return f"sections/en/06-probe.md:{text[: text.index(needle)].count(chr(10)) + 1}: error: "


@pytest.mark.leak_vector
@pytest.mark.parametrize(
    ("markdown", "needle", "message"),
    [
        (
            "----\nclassification: confidential\n----\n\n# D\n\nText CANARYF01X.\n",
            "classification",
            "'classification: confidential' stands in the text, where it classifies nothing",
        ),
        (
            "# F\n\n---\nclassification: confidential\n---\n\nText CANARYF02X.\n",
            "---",
            "a YAML block in the text: it is not the front matter, and classifies nothing",
        ),
        (
            "# F\n\nText CANARYF03X.\n\n---\ntitle: Anything\n...\n",
            "---",
            "a YAML block in the text: it is not the front matter, and classifies nothing",
        ),
    ],
)
def test_front_matter_out_of_place_is_refused(
    base: Path, markdown: str, needle: str, message: str
) -> None:
    run, path = _refused(base, markdown)
    assert_clean_refusal(run, _where(path, needle) + message, FRONT_HINT)


@pytest.mark.leak_vector
@pytest.mark.parametrize(
    ("markdown", "needle", "shown"),
    [
        ("#Heading CANARYL01X {.restricted}\n", "#Heading", "{.restricted}"),
        ("A phrase [the CANARYL02X words] {.restricted} spaced.\n", "A phrase", "{.restricted}"),
        ("Some paragraph.\n::: {.restricted}\nCANARYL03X.\n:::\n", ":::", "::: {.restricted}"),
        (":: {.restricted}\nTwo colons CANARYL04X.\n::\n", "::", ":: {.restricted}"),
        ("Paragraph.\n::: secret\nCANARYL05X.\n:::\n", ":::", "::: secret"),
        ("A [CANARYL06X] {.smallcaps .Confidential} b.\n", "A [", "{.smallcaps .Confidential}"),
        ("A [CANARYL07X] { .secret } b.\n", "A [", "{ .secret }"),
        ("A [CANARYL08X] {classification=secret} b.\n", "A [", "{classification=secret}"),
        ("A [CANARYL09X] {.restriced} b.\n", "A [", "{.restriced}"),
        (
            "- item\n\n        ## Heading CANARYL10X {.restricted}\n",
            "        ##",
            "{.restricted}",
        ),
    ],
)
def test_marking_printed_as_text_is_refused(
    base: Path, markdown: str, needle: str, shown: str
) -> None:
    run, path = _refused(base, "# Probe\n\nA public paragraph.\n\n" + markdown)
    message = f"'{shown}' is printed as text: pandoc does not read it as a marking"
    assert_clean_refusal(run, _where(path, needle) + message, FENCE_HINT)


def test_marking_in_code_span_and_valid_markings_pass(base: Path) -> None:
    """A marking shown as code, and markings pandoc reads, are no error."""
    text = (
        "# Probe\n\nWrite `[words]{.restricted}` to mark words.\n\n"
        "[CANARYL11X]{ .restricted }\n\n:::{.restricted}\nCANARYL12X.\n:::\n\n"
        "A [@police-2026-08-10, p. 4 [x]{.restricted}].\n"
    )
    run, _ = _refused(base, text)
    assert run.code == 0, run.text


@pytest.mark.bad_input
@pytest.mark.parametrize(
    ("markdown", "needle"),
    [
        ("Text.\n\n##\n\nMore.\n", "##"),
        ("Text.\n\n## <!-- draft -->\n\nMore.\n", "## <!--"),
        ("Text.\n\n<!-- note -->\n---\n\nMore.\n", "<!-- note"),
    ],
)
def test_heading_with_no_text_is_refused(base: Path, markdown: str, needle: str) -> None:
    run, path = _refused(base, "# Probe\n\n" + markdown)
    assert_clean_refusal(
        run,
        _where(path, needle) + "this heading has no text",
        "write the heading's words after its '#' marks (a comment is no text), or remove it",
    )


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "markdown",
    [
        "A map ![](../../figures/northern-marches.png) inline.\n",
        "## ![](../../figures/northern-marches.png)\n\nText.\n",
    ],
)
def test_image_with_no_description_is_refused(base: Path, markdown: str) -> None:
    """No accessible PDF can hold it: an error, not an internal one."""
    run, path = _refused(base, "# Probe\n\n" + markdown)
    assert_clean_refusal(
        run,
        _where(path, "![]") + "image 'northern-marches.png' has no description",
        "write what the picture shows between the brackets, in words every edition may show",
    )
