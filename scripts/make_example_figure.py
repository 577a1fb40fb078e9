"""Draw the sketch map of the example dossier (fictional places).

Run once when the example changes: ``python scripts/make_example_figure.py``
(needs matplotlib). The PNG is committed; the build does not run this.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

OUT = Path(__file__).resolve().parents[1] / "dossiers/example/figures/northern-marches.png"
PLACES = {
    "Kellbrook": (2.0, 1.4),
    "Tarn Pass post": (4.6, 2.6),
    "Orlen": (3.2, 0.8),
    "Eskmoor post": (6.4, 2.2),
    "Mill Ford road": (5.2, 0.9),
}


def main() -> None:
    plt.rcParams.update({"font.family": "Liberation Serif", "svg.hashsalt": "dossier"})
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=200)
    border_x = [0, 1.5, 3, 4.5, 6, 7.5, 8]
    border_y = [3.2, 3.0, 3.3, 3.1, 2.9, 3.2, 3.0]
    ax.plot(border_x, border_y, color="black", linewidth=1.5, linestyle="--")
    ax.fill_between(border_x, border_y, 4.2, color="#e8e8e8")
    ax.text(4, 3.7, "VESKARIAN FEDERATION", ha="center", fontsize=9)
    ax.text(0.6, 0.2, "REPUBLIC OF ALDORIA\n(Northern Marches province)", fontsize=9)
    ax.plot([2.0, 2.3, 2.6], [1.4, 2.3, 3.1], color="#4a7fb5", linewidth=1.2)
    ax.plot([4.6, 4.5], [2.6, 3.2], color="#8a5a2b", linewidth=1.2)
    for name, (x, y) in PLACES.items():
        ax.plot(x, y, marker="o", color="#b00020", markersize=5)
        ax.annotate(name, (x, y), xytext=(5, -10), textcoords="offset points", fontsize=8)
    ax.text(7.9, 0.1, "0      10 km", ha="right", fontsize=7)
    ax.plot([7.1, 7.82], [0.3, 0.3], color="black", linewidth=2)
    ax.text(7.9, 4.0, "Fictional example", ha="right", fontsize=7, style="italic")
    ax.set_xlim(0, 8)
    ax.set_ylim(0, 4.2)
    ax.set_axis_off()
    fig.tight_layout()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT, metadata={"Software": None})
    print(OUT)


if __name__ == "__main__":
    main()
