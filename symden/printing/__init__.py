"""Printers: separate from the values they print (text, LaTeX, JSON, sympy, numpy, generalisation).

One naming scheme: ``<format>_<object>``, the format first (``text``, ``latex``, ``json``,
``sympy``, ``numpy``, ``plot``, ``html``, ``mathjax`` for a notebook's display math, ``summary`` for ``str``) and then what is printed (``denoiser``, ``verdicts``,
``solution``, ``function``, ``network``, ``study``, ``examples``): ``json_solution`` prints a
:class:`~symden.records.Solution` as the JSON contract of ``symden solve``.

Each public name is imported from its module on first use (PEP 562 ``__getattr__``), so that one
printer does not import the others' dependencies: the text printer of ``symden derive`` loads
neither numpy (the numpy printer) nor mpmath (the generalisation printers).
"""

#: public name -> the module of symden.printing that defines it
from symden._lazy import lazy_names

_HOME = {
    "json_denoiser": "jsonout",
    "json_verdict": "jsonout",
    "json_verdicts": "jsonout",
    "json_solution": "jsonout",
    "dumps": "jsonout",
    "latex_denoiser": "latex",
    "latex_display": "latex",
    "latex_document": "latex",
    "latex_function": "latex",
    "latex_network": "latex",
    "numpy_function": "numpy_printer",
    "sympy_piecewise": "sympy_printer",
    "sympy_network": "sympy_printer",
    "text_denoiser": "text",
    "text_function": "text",
    "text_header": "text",
    "text_solution": "text",
    "text_table": "text",
    "text_alignment": "text",
    "text_verdicts": "text",
    "text_examples": "examples",
    "text_study": "generalization",
    "json_study": "generalization",
    "plot_study": "generalization",
    "plot_study_figure": "generalization",
    "plot_denoiser": "plot",
    "plot_solution": "plot",
    "figure_bytes": "plot",
    "figure_format": "plot",
    "text_exploration": "exploration",
    "json_exploration": "exploration",
    "text_comparison": "experiments",
    "json_comparison": "experiments",
    "plot_comparison": "experiments",
    "draw_comparison": "experiments",
    "text_sweep": "sweep",
    "json_sweep": "sweep",
    "plot_phase_diagram": "sweep",
    "summary_denoiser": "notebook",
    "mathjax_denoiser": "notebook",
    "html_denoiser": "notebook",
    "summary_verdicts": "notebook",
    "mathjax_verdicts": "notebook",
    "html_verdicts": "notebook",
    "summary_dataset": "notebook",
    "mathjax_dataset": "notebook",
    "html_dataset": "notebook",
}

__all__ = list(_HOME)


__getattr__, __dir__ = lazy_names("symden.printing", _HOME, globals())


def _registered(name: str):
    """A renderer that loads the printer ``name`` on its first call (registering must stay cheap)."""
    return lambda record: __getattr__(name)(record)


def _register_displays() -> None:
    """Tell the records how to show themselves (:mod:`symden._display`); ``import symden`` runs this."""
    from symden._display import register

    for kind, forms in {
        "denoiser": {"text": "summary_denoiser", "latex": "mathjax_denoiser", "html": "html_denoiser",
                     "latex_display": "latex_display"},
        "verdicts": {"text": "summary_verdicts", "latex": "mathjax_verdicts", "html": "html_verdicts"},
        "dataset": {"text": "summary_dataset", "latex": "mathjax_dataset", "html": "html_dataset"},
    }.items():
        for form, name in forms.items():
            register(kind, form, _registered(name))


_register_displays()
