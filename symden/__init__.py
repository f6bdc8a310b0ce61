"""symden: derive, print and prove the functions learned by minimum-norm shallow ReLU denoisers.

The mathematics is the project's reference, docs/theory.md (after Zeno, Ongie, Blumenfeld,
Weinberger and Soudry, NeurIPS 2023).
Costs follow one convention, named in every output: skip unit present, biases free.

>>> from symden import DataSet, min_cost_denoiser, verify_denoiser
>>> h = min_cost_denoiser(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
>>> h.cost
mpq(95,6)
>>> [v.status.value for v in verify_denoiser(h)]
['proved', 'proved', 'proved', 'proved', 'proved']
"""

from symden._lazy import lazy_names  # noqa: E402
from symden._version import __version__  # noqa: E402

# The exactness boundary is imported eagerly: its function ``exact`` has the name of its module, and
# a lazy name would be shadowed by the submodule as soon as anything imported ``symden.exact``.
from symden.exact import exact, exact_str, rationalize  # noqa: E402  (after __version__)

# The printers register how records show themselves (str, a notebook's LaTeX and HTML) with the
# layer-0 registry symden._display; importing symden.printing is cheap (its names load on use).
import symden.printing  # noqa: E402,F401

# Every other public name is imported from its module on first use (PEP 562), so that
# ``import symden`` (and so the ``symden`` command, before it has parsed its arguments) costs
# no more than the exactness boundary.
_HOME = {
    "DataSet": "symden.data",
    "load_dataset": "symden.data",
    "dataset_from_json": "symden.data",
    "dataset_to_json": "symden.data",
    "dump_dataset": "symden.data",
    "PiecewiseLinear": "symden.pwl",
    "ShallowNetwork": "symden.network",
    "Unit": "symden.network",
    "COST_CONVENTION": "symden.network",
    "Denoiser": "symden.denoiser",
    "min_cost_denoiser": "symden.closed_forms",
    "univariate_denoiser": "symden.closed_forms",
    "verify_denoiser": "symden.verify",
    "detect": "symden.geometry",
    "Status": "symden.records",
    "Standing": "symden.records",
    "Structure": "symden.records",
    "Setting": "symden.records",
    "Quantity": "symden.records",
    "Geometry": "symden.records",
    "Verdict": "symden.records",
    "Verdicts": "symden.records",
    "Solution": "symden.records",
    "SymdenError": "symden.errors",
    "InexactNumberError": "symden.errors",
    "InvalidDataError": "symden.errors",
    "DataFileError": "symden.errors",
    "ConditionError": "symden.errors",
    "ExactLimitError": "symden.errors",
    "UsageError": "symden.errors",
}

__all__ = ["__version__", "exact", "exact_str", "rationalize", *_HOME]


__getattr__, __dir__ = lazy_names("symden", _HOME, globals())
