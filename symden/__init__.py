"""symden: derive, print and prove the functions learned by minimum-norm shallow ReLU denoisers.

The mathematics is THEORY.md (Zeno, Ongie, Blumenfeld, Weinberger and Soudry, NeurIPS 2023).
Costs follow one convention, named in every output: skip unit present, biases free.

>>> from symden import DataSet, min_cost_denoiser, verify_denoiser
>>> h = min_cost_denoiser(DataSet(clean=[0, 1, 3, "7/2"], radius="1/5"))
>>> h.cost
mpq(95,6)
>>> [v.status.value for v in verify_denoiser(h)]
['proved', 'proved', 'proved', 'proved', 'proved']
"""

__version__ = "0.1.0"

from symden.closed_forms import min_cost_denoiser, univariate_denoiser
from symden.data import DataSet, dataset_from_json, dataset_to_json, dump_dataset, load_dataset
from symden.denoiser import Denoiser
from symden.errors import (
    ConditionError,
    DataFileError,
    InexactNumberError,
    InvalidDataError,
    SymdenError,
)
from symden.exact import exact, exact_str, rationalize
from symden.network import COST_CONVENTION, ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.verify import Status, Verdict, verify_denoiser

__all__ = [
    "__version__",
    "DataSet",
    "load_dataset",
    "dataset_from_json",
    "dataset_to_json",
    "dump_dataset",
    "PiecewiseLinear",
    "ShallowNetwork",
    "Unit",
    "COST_CONVENTION",
    "Denoiser",
    "min_cost_denoiser",
    "univariate_denoiser",
    "verify_denoiser",
    "Status",
    "Verdict",
    "exact",
    "exact_str",
    "rationalize",
    "SymdenError",
    "InexactNumberError",
    "InvalidDataError",
    "DataFileError",
    "ConditionError",
]
