"""Printers: separate from the values they print (text, LaTeX, JSON, sympy, numpy, generalisation).

Each public name is imported from its module on first use (PEP 562 ``__getattr__``), so that one
printer does not import the others' dependencies: the text printer of ``symden derive`` loads
neither numpy (the numpy printer) nor mpmath (the generalisation printers).
"""

#: public name -> the module of symden.printing that defines it
_HOME = {
    "denoiser_to_json": "jsonout",
    "verdicts_to_json": "jsonout",
    "report_to_json": "jsonout",
    "dumps": "jsonout",
    "latex_denoiser": "latex",
    "latex_function": "latex",
    "to_numpy_function": "numpy_printer",
    "to_sympy_piecewise": "sympy_printer",
    "network_to_sympy": "sympy_printer",
    "text_denoiser": "text",
    "text_function": "text",
    "text_header": "text",
    "text_report": "text",
    "text_table": "text",
    "text_verdicts": "text",
    "text_examples_report": "examples",
    "text_study": "generalization",
    "study_to_json": "generalization",
    "plot_study": "generalization",
}

__all__ = list(_HOME)


def __getattr__(name: str):
    try:
        home = _HOME[name]
    except KeyError:
        raise AttributeError(f"module 'symden.printing' has no attribute {name!r}") from None
    # __import__ rather than importlib.import_module: it shows in python -X importtime
    value = getattr(__import__(f"symden.printing.{home}", fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))
