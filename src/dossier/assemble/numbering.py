"""Heading and paragraph numbers as each UN language version writes them.

English, French, Spanish: I. / A. / 1. / (a)   (French and Spanish: a))
Russian: I. / А. / 1. / а)   (Cyrillic letters)
Chinese: 一. / A. / 1. / (a)
Arabic: أولا - / ألف - / 1 - / (أ)   and paragraphs "1 -"
Urdu (no UN practice): as English, but subparagraphs (الف) (ب) (ج), the
letters in the abjad order as Urdu legal texts write them.

Subparagraphs (a list lettered a, b, c in the drafter's Markdown) take the
same letters as a level-4 heading: :func:`subparagraph_label`. The sources
of each form are in docs/layout.md.
"""

from __future__ import annotations

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
ARABIC_LETTERS = (
    "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف",
    "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
)  # fmt: skip
# Urdu in the abjad order of the Arabic letters above, alif spelled out
# ("الف": a bare "ا" reads as the digit 1), "ہ" and "ی" as Urdu writes them.
URDU_LETTERS = (
    "الف", "ب", "ج", "د", "ہ", "و", "ز", "ح", "ط", "ی", "ک", "ل", "م", "ن", "س", "ع", "ف",
    "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
)  # fmt: skip
ARABIC_LETTER_NAMES = (
    "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام",
    "ميم", "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء",
    "ذال", "ضاد", "ظاء", "غين",
)  # fmt: skip
ARABIC_ORDINALS = (
    "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
    "حادي عشر", "ثاني عشر", "ثالث عشر", "رابع عشر", "خامس عشر", "سادس عشر", "سابع عشر",
    "ثامن عشر", "تاسع عشر", "عشرون",
)  # fmt: skip
CHINESE_DIGITS = "零一二三四五六七八九"


def roman(n: int) -> str:
    """
    >>> roman(14)
    'XIV'
    """
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def letters(n: int, alphabet: str | tuple[str, ...] = LATIN) -> str:
    """1 -> a, 26 -> z, 27 -> aa (in ``alphabet``).

    >>> letters(28)
    'ab'
    """
    out = ""
    while n:
        n, rest = divmod(n - 1, len(alphabet))
        out = alphabet[rest] + out
    return out


def chinese(n: int) -> str:
    """
    >>> [chinese(n) for n in (1, 10, 12, 20, 35)]
    ['一', '十', '十二', '二十', '三十五']
    """
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, units = divmod(n, 10)
    if n >= 100:
        return str(n)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[units] if units else "")


def _pick(names: tuple[str, ...], n: int) -> str:
    return names[n - 1] if n <= len(names) else str(n)


def heading_label(level: int, n: int, lang: str = "en") -> str:
    """The number of the ``n``-th heading of ``level`` (1 to 4).

    >>> [heading_label(lv, 2) for lv in (1, 2, 3, 4)]
    ['II.', 'B.', '2.', '(b)']
    >>> [heading_label(lv, 2, "fr") for lv in (1, 2, 3, 4)]
    ['II.', 'B.', '2.', 'b)']
    >>> [heading_label(lv, 2, "ru") for lv in (1, 2, 3, 4)]
    ['II.', 'Б.', '2.', 'б)']
    >>> [heading_label(lv, 2, "zh") for lv in (1, 2, 3, 4)]
    ['二.', 'B.', '2.', '(b)']
    >>> [heading_label(lv, 2, "ar") for lv in (1, 2, 3, 4)]
    ['ثانيا -', 'باء -', '2 -', '(ب)']
    """
    if lang == "ar" and level <= 3:
        return {
            1: f"{_pick(ARABIC_ORDINALS, n)} -",
            2: f"{_pick(ARABIC_LETTER_NAMES, n)} -",
            3: f"{n} -",
        }[level]
    if level >= 4:
        return subparagraph_label(n, lang)
    if level == 1:
        return f"{chinese(n)}." if lang == "zh" else f"{roman(n)}."
    if level == 2:
        return f"{letters(n, CYRILLIC).upper()}." if lang == "ru" else f"{letters(n).upper()}."
    return f"{n}."


# The letters of subparagraphs, and their form: "(a)" unless named here.
SUBPARAGRAPH_LETTERS: dict[str, str | tuple[str, ...]] = {
    "ru": CYRILLIC,
    "ar": ARABIC_LETTERS,
    "ur": URDU_LETTERS,
}
CLOSING_ONLY = frozenset({"fr", "es", "ru"})  # "a)", "а)"
# The list styles (pandoc's) of a drafter's subparagraphs: "(a)", "a)", "a."
LETTERED = frozenset({"LowerAlpha"})


def subparagraph_label(n: int, lang: str = "en") -> str:
    """The letter of the ``n``-th subparagraph: (a) in English and Chinese,
    a) in French and Spanish, а) in Russian, (أ) in Arabic, (الف) in Urdu.

    >>> [subparagraph_label(2, lang) for lang in ("en", "zh", "fr", "es", "ru", "ar", "ur")]
    ['(b)', '(b)', 'b)', 'b)', 'б)', '(ب)', '(ب)']
    >>> subparagraph_label(1, "ur"), subparagraph_label(5, "ar"), subparagraph_label(27)
    ('(الف)', '(هـ)', '(aa)')
    """
    letter = letters(n, SUBPARAGRAPH_LETTERS.get(lang, LATIN))
    return f"{letter})" if lang in CLOSING_ONLY else f"({letter})"


def paragraph_label(n: int, lang: str = "en") -> str:
    """
    >>> paragraph_label(3), paragraph_label(3, "ar")
    ('3.', '3 -')
    """
    return f"{n} -" if lang == "ar" else f"{n}."
