"""What a reader of the HTML sees, measured in the browser: the boxes
Chromium lays out for the headings, the numbered paragraphs and the cells,
turned into sentences that name what is wrong.

``GEOMETRY_JS`` is one expression for ``Runtime.evaluate`` (returned by
value): it reads the page's boxes (``Range.getClientRects`` of the text,
``getBoundingClientRect`` and the computed style of the blocks) and judges
nothing. :func:`failures` turns its result into messages, so that the
real-client tests and a proof sheet say the same thing of the same page.

The checks:

- a heading's or paragraph's number overlaps none of its text, stands on
  the start side of the first line (the right in Arabic and Urdu) and is
  separated from the text by a visible gap;
- no two lines of a title or heading overlap (the text's boxes: a script
  with tall glyphs, as Nastaliq, needs more leading than Latin);
- in right-to-left text every paragraph and table cell is aligned to the
  start, the right: by its computed style and by where its text ends.
"""

from __future__ import annotations

import itertools
from typing import Any

# A box is [left, top, right, bottom] in CSS pixels of the page.
Box = list[float]

GEOMETRY_JS = r"""(() => {
  const box = r => [r.left, r.top, r.right, r.bottom].map(v => Math.round(v * 10) / 10);
  const seen = r => r.width > 0.5 && r.height > 0.5;
  const textNodes = (root, skip) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.data.trim() && !(skip && skip.contains(n))) out.push(n);
    }
    return out;
  };
  const rects = nodes => nodes.flatMap(n => {
    const range = document.createRange();
    range.selectNodeContents(n);
    return [...range.getClientRects()].filter(seen).map(box);
  });
  const words = (el, skip) => textNodes(el, skip).map(n => n.data).join("").trim().slice(0, 60);
  const numbers = [...document.querySelectorAll(".heading-num, .para-num")].map(num => {
    const block = num.closest("h1, h2, h3, h4, h5, h6, p, li, div") || num.parentElement;
    return {
      kind: num.classList.contains("heading-num") ? "heading" : "paragraph",
      label: num.textContent.trim(),
      text: words(block, num),
      number: rects(textNodes(num)),
      words: rects(textNodes(block, num)),
      em: parseFloat(getComputedStyle(block).fontSize),
      dir: getComputedStyle(block).direction,
    };
  });
  // a title's lines without its note marks: raised and smaller, on no line's level
  const titles = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => ({
    text: words(h), lines: rects(textNodes(h).filter(n => !n.parentElement.closest("sup, sub"))),
  }));
  const blocks = [...document.querySelectorAll("main p, main th, main td")].flatMap(el => {
    const style = getComputedStyle(el);
    const found = rects(textNodes(el));
    if (!found.length || style.direction !== "rtl") return [];
    const b = el.getBoundingClientRect();
    const inner = [b.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
                   b.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)];
    return [{
      tag: el.tagName.toLowerCase(), text: words(el), align: style.textAlign,
      content: inner.map(v => Math.round(v * 10) / 10),
      right: Math.max(...found.map(r => r[2])), left: Math.min(...found.map(r => r[0])),
    }];
  });
  return {dir: getComputedStyle(document.documentElement).direction, numbers, titles, blocks};
})()"""

# Tolerances in CSS pixels: sub-pixel rounding and antialiasing, no more.
SLACK = 1.0
# The least gap between a number and its text, in em of the text.
GAP_EM = 0.2
# Computed alignments that put right-to-left text on the right.
RIGHT_IN_RTL = frozenset({"right", "start", "-webkit-right", "justify"})
# Alignments chosen on purpose (a figure's caption, a signature at the end).
CHOSEN = frozenset({"center", "-webkit-center", "end"})


def failures(result: dict[str, Any], lang: str, width: int) -> list[str]:
    """Every defect :data:`GEOMETRY_JS` measured in the page of ``lang`` at
    ``width`` CSS pixels, one sentence each; empty when there is none."""
    where = f"{lang} at {width} px"
    numbers = result["numbers"]
    found = [f"{where}: {m}" for n in numbers for m in number_problems(n, n["dir"] == "rtl")]
    found += [f"{where}: {m}" for t in result["titles"] for m in line_problems(t)]
    found += [f"{where}: {m}" for b in result["blocks"] for m in alignment_problems(b)]
    return found


def number_problems(item: dict[str, Any], rtl: bool) -> list[str]:
    """A number that overlaps its text, stands on the wrong side of its first
    line (in the direction of its own paragraph: an untranslated stand-in
    keeps its language's), or touches the text."""
    numbers, words = item["number"], item["words"]
    what = f"{item['kind']} number {item['label']!r} of {item['text']!r}"
    if not numbers or not words:
        return []
    out = []
    # the number's line only: a tall script's next line reaches up into it
    first = [w for w in words if same_line(w, numbers[0])]
    if any(overlap(n, w) for n in numbers for w in first):
        out.append(f"{what} overlaps its text")
    elif first:
        gap = start_gap(numbers[0], first, rtl)
        if gap < -SLACK:
            side = "right" if rtl else "left"
            out.append(f"{what} is not on the start side ({side}) of its first line")
        elif gap < GAP_EM * item["em"] - SLACK:
            out.append(f"{what} is {max(gap, 0):.1f} px from its text (at least {GAP_EM} em)")
    return out


def line_problems(title: dict[str, Any]) -> list[str]:
    """Lines of one heading whose text boxes overlap the next line's."""
    lines = group_lines(title["lines"])
    out = []
    for number, (upper, lower) in enumerate(itertools.pairwise(lines), start=1):
        depth = upper[3] - lower[1]
        if depth > SLACK:
            out.append(
                f"lines {number} and {number + 1} of the heading {title['text']!r}"
                f" overlap by {depth:.1f} px"
            )
    return out


def alignment_problems(block: dict[str, Any]) -> list[str]:
    """A right-to-left paragraph or cell aligned to the left, by its style or
    by where its text stands."""
    align = block["align"]
    if align in CHOSEN:
        return []
    what = f"right-to-left <{block['tag']}> {block['text']!r}"
    if align not in RIGHT_IN_RTL:
        return [f"{what} is aligned {align!r}, not to the right"]
    short = block["content"][1] - block["right"]
    if short > 2 * SLACK + 1:
        return [f"{what} ends {short:.1f} px short of its right edge"]
    return []


def overlap(a: Box, b: Box) -> bool:
    """Two boxes that share more than a sliver in both directions."""
    across = min(a[2], b[2]) - max(a[0], b[0])
    down = min(a[3], b[3]) - max(a[1], b[1])
    return across > SLACK and down > SLACK


def same_line(a: Box, b: Box) -> bool:
    """Boxes whose middles are closer than a quarter of the smaller one's
    height: text of one size on one line shares its top and bottom, and the
    next line stands a line's pitch lower, less than its height in a tall
    script, more than a quarter of it."""
    middle = abs((a[1] + a[3]) - (b[1] + b[3])) / 2
    return middle < min(a[3] - a[1], b[3] - b[1]) / 4


def start_gap(number: Box, line: list[Box], rtl: bool) -> float:
    """How far the text of the number's line starts after the number, on the
    start side (negative: the number stands on the text's other side)."""
    if rtl:
        return number[0] - max(w[2] for w in line)
    return min(w[0] for w in line) - number[2]


def group_lines(boxes: list[Box]) -> list[Box]:
    """The text's boxes joined into lines, top to bottom: each line the box
    around the boxes on it."""
    lines: list[Box] = []
    for b in sorted(boxes, key=lambda r: (r[1] + r[3]) / 2):
        if lines and same_line(lines[-1], b):
            last = lines[-1]
            lines[-1] = [*map(min, last[:2], b[:2]), *map(max, last[2:], b[2:])]
        else:
            lines.append(list(b))
    return lines
