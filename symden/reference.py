"""Where symden's outputs point: the project's own mathematical reference, ``docs/theory.md``.

Every verdict, derivation and program result cites a section of that document by its stable
number (``docs/theory.md`` keeps the numbering of the spec it follows: 1 networks and cost,
2 data, 3 univariate data, 4 multivariate data, 5 tools for proofs, 6 convex programs,
6b the online program, 6c exploring data no theorem covers, 6d sweeps over triangle shapes, 7 generalisation, 8 reference instances, and 0 conventions and
verdict words, 9 what symden found).

>>> cite("3")
'docs/theory.md section 3'
"""

from __future__ import annotations

__all__ = ["REFERENCE", "SECTIONS", "cite"]

#: The reference document, relative to the repository root.
REFERENCE = "docs/theory.md"

#: Section number -> title, as in the document's headings.
SECTIONS = {
    "0": "Conventions and verdict words",
    "1": "Networks and their cost",
    "2": "Data and the interpolation problem",
    "3": "Univariate data",
    "4": "Multivariate data",
    "5": "Tools for proofs and certificates",
    "6": "Convex programs",
    "6b": "The online program in any dimension",
    "6c": "Exploring data no theorem covers",
    "6d": "Sweeps over triangle shapes",
    "7": "Generalisation against the empirical MMSE denoiser",
    "7b": "Trained networks against the prediction",
    "8": "Reference instances",
    "9": "What symden found",
}


def cite(section: str) -> str:
    """``"docs/theory.md section N"`` for a section number listed in :data:`SECTIONS` (or a subsection of one)."""
    top = section.split(".")[0]
    if top not in SECTIONS:
        raise KeyError(f"docs/theory.md has no section {section!r}; its sections are {', '.join(SECTIONS)}")
    return f"{REFERENCE} section {section}"
