"""How a record shows itself (``str``, a notebook's LaTeX and HTML) without importing a printer.

The records sit at the bottom of the package (a :class:`~symden.denoiser.Denoiser` at layer 3, a
:class:`~symden.data.DataSet` at layer 2, a :class:`~symden.records.Verdicts` tuple at layer 0) and
the printers at the top (layer 7, :mod:`symden.printing`), so a record may not import its printer.
Instead the printers register one renderer per ``(kind, form)`` here when :mod:`symden.printing` is
imported, and ``import symden`` imports it (cheaply: its names load on first use). Every symden
module is imported through the package, so the registry is filled before any record can exist.

Forms: ``"text"`` (``str(record)``), ``"latex"`` (``_repr_latex_``: display math for MathJax and
LaTeX), ``"html"`` (``_repr_html_``: a notebook cell). Kinds: ``"denoiser"``, ``"dataset"``,
``"verdicts"``.
"""

from __future__ import annotations

from typing import Callable

__all__ = ["register", "render"]

_RENDERERS: dict = {}


def register(kind: str, form: str, renderer: Callable[[object], str]) -> None:
    """Make ``renderer(record)`` the ``form`` of every record of ``kind`` (the printers call this)."""
    _RENDERERS[kind, form] = renderer


def render(kind: str, form: str, record: object) -> str:
    """``record`` in ``form``, by the renderer the printers registered."""
    try:
        renderer = _RENDERERS[kind, form]
    except KeyError:
        # only reachable if symden.printing was never imported, i.e. symden's own package init was bypassed
        raise LookupError(f"no {form} renderer for a {kind} is registered: import symden first") from None
    return renderer(record)
