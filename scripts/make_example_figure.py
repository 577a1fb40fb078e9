"""Draw the sketch map of the example dossier (fictional places), once per
language: the English one is the common ``figures/northern-marches.png``,
each other language's is ``figures/<lang>/northern-marches.png``, which the
build shows in that language instead (see the drafter's guide, "Images").

Run once when the example changes, from the repository's root:
``PYTHONPATH=src python scripts/make_example_figure.py`` (needs matplotlib
3.11, which shapes Arabic and Urdu, and the fonts of the charts). The PNGs
are committed; the build does not run this.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

# The charts' fonts and shaping for each language (Naskh for Arabic,
# Nastaliq for Urdu, Noto Serif CJK for Chinese): the sketch map matches them.
from dossier.assemble.charts_style import _rc

FIGURES = Path(__file__).resolve().parents[1] / "dossiers/example/figures"
NAME = "northern-marches.png"
PLACES = {  # the places' positions on the sketch
    "kellbrook": (2.0, 1.4),
    "tarn": (4.6, 2.6),
    "orlen": (3.2, 0.8),
    "eskmoor": (6.4, 2.2),
    "mill-ford": (5.2, 0.9),
}
# The words of the map in each language, as the example's texts name the
# places (the table of section II, the records' translations).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "kellbrook": "Kellbrook", "tarn": "Tarn Pass post", "orlen": "Orlen",
        "eskmoor": "Eskmoor post", "mill-ford": "Mill Ford road",
        "north": "VESKARIAN FEDERATION",
        "south": "REPUBLIC OF ALDORIA\n(Northern Marches province)",
        "km": "10 km", "note": "Fictional example",
    },
    "fr": {
        "kellbrook": "Kellbrook", "tarn": "Poste du col de Tarn", "orlen": "Orlen",
        "eskmoor": "Poste d’Eskmoor", "mill-ford": "Route de Mill Ford",
        "north": "FÉDÉRATION VESKARIENNE",
        "south": "RÉPUBLIQUE D’ALDORIE\n(province des Marches du Nord)",
        "km": "10 km", "note": "Exemple fictif",
    },
    "es": {
        "kellbrook": "Kellbrook", "tarn": "Puesto del paso de Tarn", "orlen": "Orlen",
        "eskmoor": "Puesto de Eskmoor", "mill-ford": "Carretera de Mill Ford",
        "north": "FEDERACIÓN VESKARIANA",
        "south": "REPÚBLICA DE ALDORIA\n(provincia de las Marcas del Norte)",
        "km": "10 km", "note": "Ejemplo ficticio",
    },
    "ru": {
        "kellbrook": "Келлбрук", "tarn": "Пост «Перевал Тарн»", "orlen": "Орлен",
        "eskmoor": "Пост «Эскмур»", "mill-ford": "Дорога у Милл-Форда",
        "north": "ВЕСКАРСКАЯ ФЕДЕРАЦИЯ",
        "south": "РЕСПУБЛИКА АЛДОРИЯ\n(провинция Северные Марки)",
        "km": "10 км", "note": "Условный пример",
    },
    "zh": {
        "kellbrook": "凯尔布鲁克", "tarn": "塔恩山口哨所", "orlen": "奥伦",
        "eskmoor": "埃斯克穆尔哨所", "mill-ford": "米尔福德公路",
        "north": "维斯卡里亚联邦",
        "south": "阿尔多利亚共和国\n（北方边区省）",
        "km": "10公里", "note": "虚构示例",
    },
    "ar": {
        "kellbrook": "كيلبروك", "tarn": "مركز ممر تارن", "orlen": "أورلين",
        "eskmoor": "مركز إسكمور", "mill-ford": "طريق ميل فورد",
        "north": "الاتحاد الفيسكاري",
        "south": "جمهورية ألدوريا\n(مقاطعة الثغور الشمالية)",
        "km": "10 كم", "note": "مثال خيالي",
    },
    "ur": {
        "kellbrook": "کیلبروک", "tarn": "درۂ تارن چوکی", "orlen": "اورلین",
        "eskmoor": "ایسکمور چوکی", "mill-ford": "مل فورڈ سڑک",
        "north": "ویسکاری وفاق",
        "south": "جمہوریہ الڈوریا\n(صوبہ شمالی مارچز)",
        "km": "10 کلومیٹر", "note": "فرضی مثال",
    },
}  # fmt: skip
RTL = {"ar", "ur"}


def out_path(lang: str) -> Path:
    """Where the sketch map of ``lang`` goes: English is the common one."""
    return FIGURES / NAME if lang == "en" else FIGURES / lang / NAME


def draw(lang: str) -> Path:
    """Draw the sketch map with the words of ``lang``; return its file."""
    words = WORDS[lang]
    rtl = lang in RTL
    with matplotlib.rc_context({**_rc(lang), "svg.hashsalt": "dossier"}):
        fig, ax = plt.subplots(figsize=(6, 3.2), dpi=200)
        border_x = [0, 1.5, 3, 4.5, 6, 7.5, 8]
        border_y = [3.2, 3.0, 3.3, 3.1, 2.9, 3.2, 3.0]
        ax.plot(border_x, border_y, color="black", linewidth=1.5, linestyle="--")
        ax.fill_between(border_x, border_y, 4.2, color="#e8e8e8")
        ax.text(4, 3.7, words["north"], ha="center", fontsize=9)
        # Its two lines aligned on the side the script starts from.
        align = "right" if rtl else "left"
        ax.text(0.4, 0.2, words["south"], fontsize=9, ha="left", multialignment=align)
        ax.plot([2.0, 2.3, 2.6], [1.4, 2.3, 3.1], color="#4a7fb5", linewidth=1.2)
        ax.plot([4.6, 4.5], [2.6, 3.2], color="#8a5a2b", linewidth=1.2)
        for key, (x, y) in PLACES.items():
            ax.plot(x, y, marker="o", color="#b00020", markersize=5)
            ax.annotate(words[key], (x, y), xytext=(5, -11), textcoords="offset points", fontsize=8)
        # The scale bar's two ends named apart: no bidirectional reordering
        # can put '0' at the wrong end.
        ax.plot([6.9, 7.62], [0.3, 0.3], color="black", linewidth=2)
        ax.text(6.9, 0.1, "0", ha="center", fontsize=7)
        ax.text(7.62, 0.1, words["km"], ha="center", fontsize=7)
        # Italic in the Latin and Cyrillic scripts only: Arabic, Urdu and
        # Chinese have no italic (a slanted one is a fake).
        style = "normal" if lang in {"ar", "ur", "zh"} else "italic"
        ax.text(7.9, 4.0, words["note"], ha="right", fontsize=7, style=style)
        ax.set_xlim(0, 8)
        ax.set_ylim(0, 4.2)
        ax.set_axis_off()
        fig.tight_layout()
        out = out_path(lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, metadata={"Software": None})
        plt.close(fig)
    return out


def main() -> None:
    for lang in WORDS:
        print(draw(lang))


if __name__ == "__main__":
    main()
