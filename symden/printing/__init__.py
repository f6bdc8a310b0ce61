"""Printers: separate from the values they print (text, LaTeX, JSON, sympy, numpy)."""

from symden.printing.jsonout import denoiser_to_json, dumps, report_to_json, verdicts_to_json
from symden.printing.latex import latex_denoiser, latex_function
from symden.printing.numpy_printer import to_numpy_function
from symden.printing.sympy_printer import network_to_sympy, to_sympy_piecewise
from symden.printing.text import text_denoiser, text_function, text_header, text_report, text_table, text_verdicts

__all__ = [
    "denoiser_to_json",
    "verdicts_to_json",
    "dumps",
    "latex_denoiser",
    "latex_function",
    "to_numpy_function",
    "to_sympy_piecewise",
    "network_to_sympy",
    "text_denoiser",
    "text_function",
    "text_header",
    "text_report",
    "text_table",
    "report_to_json",
    "text_verdicts",
]
