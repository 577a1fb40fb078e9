"""References that follow the numbering: a link with no text to a heading
(``[](#conclusions)`` to ``# Conclusions {#conclusions}``) prints the
heading's number as each language's UN text refers to it, "section VIII",
"sección VIII", "раздел VIII", "第八节", "الفرع ثامنا"; one to an anchor in
a paragraph (``[]{#routes}``) prints "paragraph 7". A reference of class
``number`` (``[](#conclusions){.number}``) prints the number alone, for
"sections II and V".

The numbers are those :func:`dossier.assemble.compose.number_annex` gives,
which records them (:data:`Targets`) as it numbers the annex.
"""

from __future__ import annotations

from typing import Any

from dossier.assemble.numbering import (
    ARABIC_LETTER_NAMES,
    ARABIC_ORDINALS,
    CYRILLIC,
    chinese,
    letters,
    roman,
)
from dossier.check.anchors import is_reference
from dossier.core import tree

SECTION = "section"
PARAGRAPH = "paragraph"
# An identifier -> what it numbers and its numbers: ("section", (8, 2)) is
# section VIII.B, ("paragraph", (7,)) paragraph 7.
Targets = dict[str, tuple[str, tuple[int, ...]]]

SECTION_WORDS = {
    "en": "section {}",
    "fr": "section {}",
    "es": "sección {}",
    "ru": "раздел {}",
    "zh": "第{}节",
    "ar": "الفرع {}",
    "ur": "حصہ {}",
}
PARAGRAPH_WORDS = {
    "en": "paragraph {}",
    "fr": "paragraphe {}",
    "es": "párrafo {}",
    "ru": "пункт {}",
    "zh": "第{}段",
    "ar": "الفقرة {}",
    "ur": "پیراگراف {}",
}
# Urdu refers to a section by its Persian ordinal ("حصہ دوم"), as the
# example's translator wrote.
URDU_ORDINALS = (
    "اول", "دوم", "سوم", "چہارم", "پنجم", "ششم", "ہفتم", "ہشتم", "نہم", "دہم",
    "یازدہم", "دوازدہم", "سیزدہم", "چہاردہم", "پانزدہم", "شانزدہم", "ہفدہم", "ہژدہم",
    "نوزدہم", "بیستم",
)  # fmt: skip


def section_number(numbers: tuple[int, ...], lang: str) -> str:
    """The number of a section as a reference writes it.

    >>> section_number((8, 2), "en"), section_number((8, 2), "ru"), section_number((8, 2), "zh")
    ('VIII.B', 'VIII.Б', '八B')
    >>> section_number((8, 2), "ar"), section_number((2,), "ur"), section_number((2, 1), "ur")
    ('ثامنا - باء', 'دوم', 'دوم (A)')
    """
    first, rest = numbers[0], numbers[1:]
    if lang == "ar":
        subs = [_pick(ARABIC_LETTER_NAMES, n) if i == 0 else str(n) for i, n in enumerate(rest)]
        return " - ".join([_pick(ARABIC_ORDINALS, first), *subs])
    tail = _tail(rest, lang)
    if lang == "zh":
        return chinese(first) + tail
    if lang == "ur":
        head = _pick(URDU_ORDINALS, first, roman)
        return f"{head} ({tail})" if tail else head
    return f"{roman(first)}.{tail}" if tail else roman(first)


def _tail(numbers: tuple[int, ...], lang: str) -> str:
    """The levels below the first: B, B.2, B.2(a)."""
    out = ""
    for depth, n in enumerate(numbers):
        if depth == 0:
            out += (letters(n, CYRILLIC) if lang == "ru" else letters(n)).upper()
        else:
            out += f".{n}" if depth == 1 else f"({letters(n)})"
    return out


def _pick(names: tuple[str, ...], n: int, beyond: Any = str) -> str:
    return names[n - 1] if n <= len(names) else str(beyond(n))


def reference(target: tuple[str, tuple[int, ...]], lang: str, number_only: bool = False) -> str:
    """The text of a reference to ``target`` in ``lang``.

    >>> reference((SECTION, (8,)), "fr"), reference((PARAGRAPH, (7,)), "zh")
    ('section VIII', '第7段')
    >>> reference((SECTION, (8,)), "ar"), reference((SECTION, (8,)), "es", number_only=True)
    ('الفرع ثامنا', 'VIII')
    """
    kind, numbers = target
    number = section_number(numbers, lang) if kind == SECTION else str(numbers[0])
    if number_only:
        return number
    words = SECTION_WORDS if kind == SECTION else PARAGRAPH_WORDS
    return words.get(lang, words["en"]).format(number)


def resolve(blocks: list[Any], targets: Targets, lang: str) -> None:
    """Write the text of every reference of ``blocks`` (in place); one to
    an identifier with no number keeps the identifier's own words."""
    for node in tree.find(blocks, {"Link"}):
        if not is_reference(node):
            continue
        ident = tree.target_of(node)[1:]
        target = targets.get(ident)
        if target is None:
            continue
        number_only = "number" in tree.attr_of(node)[1]  # [](#id){.number}
        tree.set_children(node, tree.text(reference(target, lang, number_only)))


def record(targets: Targets, block: Any, kind: str, numbers: tuple[int, ...]) -> None:
    """Note the identifiers ``block`` numbers: a heading's own, or the
    anchors (``[]{#id}``) a paragraph holds."""
    if kind == SECTION:
        ident = tree.ident_of(block)
        if ident:
            targets[ident] = (SECTION, numbers)
        return
    for span in tree.find(tree.children(block), {"Span"}):
        ident = tree.ident_of(span)
        if ident:
            targets[ident] = (PARAGRAPH, numbers)
