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

__all__ = ["register", "render", "Displayed"]

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


class Displayed:
    """Mixin: ``str``, IPython's pretty text, ``_repr_latex_`` and ``_repr_html_`` by the registered renderers
    of the class's ``_display_kind``; ``repr`` is left to the record (it rebuilds the value).

    IPython takes ``_repr_pretty_`` only from a class that comes before the first class defining
    ``__repr__`` in the MRO, and a dataclass defines ``__repr__``: so a record also binds
    ``_repr_pretty_ = Displayed._repr_pretty_`` in its own body.
    """

    __slots__ = ()
    _display_kind = ""

    def __str__(self) -> str:
        return render(self._display_kind, "text", self)

    def _repr_pretty_(self, p, cycle) -> None:
        """IPython's terminal and a notebook's plain text show the summary."""
        p.text(str(self))

    def _repr_latex_(self) -> str:
        return render(self._display_kind, "latex", self)

    def _repr_html_(self) -> str:
        return render(self._display_kind, "html", self)
