"""The judgement of :mod:`dossier.tools.html_geometry` on boxes written by
hand (the real boxes: tests/clients/test_chromium.py): each defect found,
named, and a good layout left alone."""

from __future__ import annotations

from typing import Any

from dossier.tools.html_geometry import GEOMETRY_JS, failures


def page(direction: str = "ltr", **parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"dir": direction, "numbers": [], "titles": [], "blocks": [], **parts}


def number(
    num: list[float], *words: list[float], kind: str = "heading", rtl: bool = False
) -> dict[str, Any]:
    return {
        "dir": "rtl" if rtl else "ltr",
        "kind": kind,
        "label": "I.",
        "text": "Overview",
        "number": [num],
        "words": list(words),
        "em": 16,
    }


def test_a_good_page_has_no_failure() -> None:
    good = page(
        "rtl",
        numbers=[number([370, 0, 390, 20], [200, 0, 350, 20], [100, 22, 390, 42], rtl=True)],
        titles=[{"text": "Title", "lines": [[0, 0, 300, 20], [0, 24, 200, 44]]}],
        blocks=[{"tag": "td", "text": "x", "align": "start", "content": [0, 100], "right": 100}],
    )
    assert failures(good, "ar", 390) == []


def test_a_number_over_its_text() -> None:
    found = failures(page(numbers=[number([0, 0, 40, 20], [30, 0, 200, 20])]), "en", 390)
    assert found == ["en at 390 px: heading number 'I.' of 'Overview' overlaps its text"]


def test_a_number_on_the_end_side_in_right_to_left_text() -> None:
    found = failures(
        page("rtl", numbers=[number([0, 0, 20, 20], [200, 0, 390, 20], rtl=True)]), "ur", 1200
    )
    assert found == [
        "ur at 1200 px: heading number 'I.' of 'Overview' is not on the start side (right)"
        " of its first line"
    ]


def test_a_number_touching_its_text() -> None:
    item = number([360, 0, 390, 20], [200, 0, 360, 20], kind="paragraph", rtl=True)
    found = failures(page("rtl", numbers=[item]), "ar", 1200)
    assert found == [
        "ar at 1200 px: paragraph number 'I.' of 'Overview' is 0.0 px from its text"
        " (at least 0.2 em)"
    ]


def test_the_next_line_reaching_up_is_not_an_overlap_of_the_number() -> None:
    """A tall script's second line reaches into the first: not the number's fault."""
    item = number([0, 0, 30, 30], [40, 0, 300, 30], [0, 20, 300, 50])
    assert failures(page(numbers=[item]), "ur", 390) == []


def test_lines_of_a_title_over_each_other() -> None:
    title = {"text": "Title", "lines": [[0, 0, 300, 46], [0, 24, 300, 70], [0, 24, 40, 70]]}
    found = failures(page(titles=[title]), "ur", 1200)
    assert found == ["ur at 1200 px: lines 1 and 2 of the heading 'Title' overlap by 22.0 px"]


def test_lines_closer_than_half_their_height_are_two_lines() -> None:
    title = {"text": "Title", "lines": [[0, 0, 300, 46], [0, 12, 300, 58], [310, 1, 320, 45]]}
    found = failures(page(titles=[title]), "ur", 390)
    assert found == ["ur at 390 px: lines 1 and 2 of the heading 'Title' overlap by 34.0 px"]


def test_right_to_left_cells_aligned_left() -> None:
    cell = {"tag": "td", "text": "كيلبروك", "align": "left", "content": [0, 100], "right": 40}
    found = failures(page("rtl", blocks=[cell]), "ar", 390)
    assert found == [
        "ar at 390 px: right-to-left <td> 'كيلبروك' is aligned 'left', not to the right"
    ]


def test_right_to_left_text_short_of_the_right_edge() -> None:
    para = {"tag": "p", "text": "7 - نص", "align": "start", "content": [0, 300], "right": 295}
    found = failures(page("rtl", blocks=[para]), "ar", 1200)
    assert found == [
        "ar at 1200 px: right-to-left <p> '7 - نص' ends 5.0 px short of its right edge"
    ]


def test_alignments_chosen_on_purpose_are_left_alone() -> None:
    blocks = [
        {"tag": "p", "text": "(توقيع)", "align": "end", "content": [0, 300], "right": 120},
        {"tag": "p", "text": "خريطة", "align": "center", "content": [0, 300], "right": 200},
    ]
    assert failures(page("rtl", blocks=blocks), "ar", 390) == []


def test_the_script_is_one_expression() -> None:
    assert GEOMETRY_JS.startswith("(() => {") and GEOMETRY_JS.endswith("})()")


def test_a_stand_in_keeps_its_own_direction() -> None:
    """English standing in for a missing Arabic translation: left to right,
    its numbers on the left, in a right-to-left page."""
    item = number([0, 0, 20, 20], [30, 0, 390, 20])
    assert failures(page("rtl", numbers=[item]), "ar", 390) == []
