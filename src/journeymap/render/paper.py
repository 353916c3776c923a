"""Print layouts and paper sizes of the handout (``render --layout`` and ``--paper``).

Two layouts share one HTML page and differ only in how it prints:

* ``poster``: the whole map (header, curve, every lane) on ONE landscape sheet, for
  the wall. The text size is chosen for the paper and the amount of text (see
  ``render.fit``), so an A1 poster has readable text and an A3 one still fits.
* ``pack``: a summary page (title, objectives, persona, core message, curve, moments
  of truth), then the lanes, a stage or two per page, at 9 pt or more.

Every paper prints landscape. The PDF writer uses the same names and sizes, so a
PDF has the pages that the browser prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from journeymap.findings import Finding, InputError

Layout = Literal["poster", "pack"]
LAYOUTS: tuple[str, ...] = ("poster", "pack")
DEFAULT_LAYOUT = "pack"
DEFAULT_PAPER = "a4"
MM_PER_INCH = 25.4


@dataclass(frozen=True, slots=True)
class Paper:
    """A sheet in landscape: ``width_mm`` is the long side."""

    name: str
    width_mm: float
    height_mm: float
    margin_mm: float

    @property
    def css_size(self) -> str:
        """The ``@page { size: … }`` value (explicit lengths, so it is always landscape)."""
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"

    @property
    def content_mm(self) -> tuple[float, float]:
        """Width and height inside the page margins."""
        return self.width_mm - 2 * self.margin_mm, self.height_mm - 2 * self.margin_mm


# ISO 216 and ANSI sizes, landscape. Margins grow with the sheet so a poster keeps a
# border that printers do not clip, and an A4 page keeps most of its area for the map.
PAPERS: dict[str, Paper] = {
    "a0": Paper("a0", 1189, 841, 20),
    "a1": Paper("a1", 841, 594, 15),
    "a2": Paper("a2", 594, 420, 12),
    "a3": Paper("a3", 420, 297, 10),
    "a4": Paper("a4", 297, 210, 10),
    "letter": Paper("letter", 11 * MM_PER_INCH, 8.5 * MM_PER_INCH, 10),
    "tabloid": Paper("tabloid", 17 * MM_PER_INCH, 11 * MM_PER_INCH, 10),
}


def paper_named(name: str) -> Paper:
    """The paper called ``name`` (case-insensitive); ``InputError`` names the choices."""
    found = PAPERS.get(name.lower())
    if found is None:
        raise InputError(
            Finding(path="--paper", message=f"must be one of {', '.join(PAPERS)} (got {name!r})")
        )
    return found


def check_layout(name: str) -> Layout:
    """``name`` as a :data:`Layout`; ``InputError`` names the choices."""
    if name == "poster":
        return "poster"
    if name == "pack":
        return "pack"
    raise InputError(
        Finding(path="--layout", message=f"must be one of {', '.join(LAYOUTS)} (got {name!r})")
    )
