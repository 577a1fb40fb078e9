"""Ordinal numbers spelled out in each language of the dossier ('eighty-first
session', 'quatre-vingt-unième session'), for the session and year lines of
:mod:`dossier.assemble.boilerplate`: masculine or feminine where the language
makes the difference.
"""

from __future__ import annotations

import re

_EN = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_EN += "fifteen sixteen seventeen eighteen nineteen"
EN_UNITS = ["", *_EN.split()]
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth"}
EN_IRREGULAR |= {"eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
_FR = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
_FR += "seize dix-sept dix-huit dix-neuf"
FR_UNITS = ["", *_FR.split()]
FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]
_RU = "первый второй третий четвертый пятый шестой седьмой восьмой девятый десятый "
_RU += "одиннадцатый двенадцатый тринадцатый четырнадцатый пятнадцатый шестнадцатый "
_RU += "семнадцатый восемнадцатый девятнадцатый"
RU_UNITS = ["", *_RU.split()]
_RU_TENS = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто"
_RU_TENS_ORD = "двадцатый тридцатый сороковой пятидесятый шестидесятый семидесятый "
_RU_TENS_ORD += "восьмидесятый девяностый"
RU_TENS = ["", "", *_RU_TENS.split()]
RU_TENS_ORD = ["", "", *_RU_TENS_ORD.split()]
ZH_DIGITS = "〇一二三四五六七八九"
_AR = "الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة"
AR_UNITS = ["", *_AR.split()]
_AR_TENS = "العشرون الثلاثون الأربعون الخمسون الستون السبعون الثمانون التسعون"
AR_TENS = ["", "", *_AR_TENS.split()]


def ordinal(n: int, lang: str, feminine: bool = True) -> str:
    """``n`` (1 to 199) as the ordinal of a session (``feminine``: Russian
    'сессия') or a year, in the UN's form in ``lang``.

    >>> [ordinal(81, lang) for lang in ("en", "fr", "es", "zh", "ur")]
    ['eighty-first', 'quatre-vingt-unième', '81er', '八十一', '81واں']
    >>> ordinal(81, "ru"), ordinal(81, "ru", feminine=False), ordinal(81, "ar")
    ('восемьдесят первая', 'восемьдесят первый', 'الحادية والثمانون')
    >>> ordinal(71, "fr"), ordinal(1, "fr"), ordinal(80, "fr"), ordinal(112, "en")
    ('soixante et onzième', 'première', 'quatre-vingtième', 'one hundred and twelfth')
    >>> ordinal(12, "ar"), ordinal(110, "zh"), ordinal(11, "es"), ordinal(40, "ru")
    ('الثانية عشرة', '一百一十', '11º', 'сороковая')
    """
    if not 1 <= n <= 199:
        raise ValueError(f"no ordinal for {n} (1 to 199)")
    if lang == "es":
        return f"{n}{'er' if n % 10 in {1, 3} and n % 100 != 11 else 'º'}"
    if lang == "ur":
        return f"{n}واں"
    words = {"en": _en, "fr": _fr, "ru": _ru, "zh": _zh, "ar": _ar}[lang](n)
    return _feminine_ru(words) if lang == "ru" and feminine else words


def _en(n: int) -> str:
    if n >= 100:
        return "one hundredth" if n == 100 else f"one hundred and {_en(n - 100)}"
    cardinal = (
        EN_UNITS[n] if n < 20 else "-".join(w for w in (EN_TENS[n // 10], EN_UNITS[n % 10]) if w)
    )
    last = re.split(r"[- ]", cardinal)[-1]
    word = EN_IRREGULAR.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return cardinal.removesuffix(last) + word


def _fr_cardinal(n: int) -> str:
    if n >= 100:
        return "cent" if n == 100 else f"cent {_fr_cardinal(n - 100)}"
    if n < 20:
        return FR_UNITS[n]
    tens, unit = (n // 10, n % 10) if n < 70 else ((6, n - 60) if n < 80 else (80, n - 80))
    head = "quatre-vingt" if tens == 80 else FR_TENS[tens]
    if unit == 0:
        return "quatre-vingts" if tens == 80 else head
    joint = " et " if unit in {1, 11} and tens != 80 else "-"
    return head + joint + FR_UNITS[unit]


def _fr(n: int) -> str:
    if n == 1:
        return "première"
    stem = _fr_cardinal(n).replace("quatre-vingts", "quatre-vingt")
    for end, new in (("cinq", "cinqu"), ("neuf", "neuv")):
        if stem.endswith(end):
            stem = stem.removesuffix(end) + new
    return stem.removesuffix("e") + "ième"


def _ru(n: int) -> str:
    if n >= 100:
        return "сотый" if n == 100 else f"сто {_ru(n - 100)}"
    if n < 20:
        return RU_UNITS[n]
    if n % 10 == 0:
        return RU_TENS_ORD[n // 10]
    return f"{RU_TENS[n // 10]} {RU_UNITS[n % 10]}"


def _feminine_ru(words: str) -> str:
    last = words.split()[-1]
    fem = last[:-2] + ("ья" if last.endswith("ий") else "ая")
    return words.removesuffix(last) + fem


def _zh(n: int) -> str:
    if n >= 100:
        rest = n - 100
        tail = "" if rest == 0 else "零" + ZH_DIGITS[rest] if rest < 10 else _zh_tens(rest, True)
        return "一百" + tail
    return ZH_DIGITS[n] if n < 10 else _zh_tens(n, False)


def _zh_tens(n: int, spelled: bool) -> str:
    tens = ZH_DIGITS[n // 10] if spelled or n >= 20 else ""
    return tens + "十" + (ZH_DIGITS[n % 10] if n % 10 else "")


def _ar(n: int) -> str:
    if n >= 100:
        rest = "الحادية" if n == 101 else _ar(n - 100)
        return "المائة" if n == 100 else f"{rest} بعد المائة"
    unit = "الحادية" if n % 10 == 1 and n > 10 else AR_UNITS[n % 10]
    if n <= 10:
        return AR_UNITS[n]
    if n < 20:
        return f"{unit} عشرة"
    return AR_TENS[n // 10] if n % 10 == 0 else f"{unit} و{AR_TENS[n // 10]}"
