"""Round trips for every record type: repr, pickling into another process, hash/equality agreement.

Every value type symden passes between layers must rebuild from its ``repr``, pickle into a
process with another hash seed (``multiprocessing`` or Dask workers), and there be equal to an
independently built twin *and hash like it*: a hash cached in one process and carried across is
the defect this file guards against.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest
from gmpy2 import mpq

import symden
from symden import records
from symden.closed_forms import STRUCTURES, min_cost_denoiser
from symden.data import DataSet
from symden.exact import Algebraic, exact
from symden.examples import EXAMPLES
from symden.geometry import detect
from symden.network import ShallowNetwork, Unit
from symden.pwl import PiecewiseLinear
from symden.records import (
    Alignment,
    Cluster,
    Geometry,
    Quantity,
    RayFrame,
    Setting,
    Solution,
    Standing,
    Status,
    Structure,
    Verdict,
)
from symden.verify import verify_denoiser
from symden.verify.multivariate import alignment_report


def _namespace() -> dict:
    """The names a repr may use: the public API, the records, mpq and exact."""
    ns = {name: getattr(symden, name) for name in symden.__all__}
    ns.update({name: getattr(records, name) for name in records.__all__})
    ns.update(mpq=mpq, exact=exact, Algebraic=Algebraic, DataSet=DataSet, ShallowNetwork=ShallowNetwork,
              Unit=Unit, PiecewiseLinear=PiecewiseLinear, Denoiser=symden.Denoiser)
    return ns


def _samples() -> list:
    """One or more instances of every record type, built from the built-in examples."""
    m5, u3, m2 = EXAMPLES["M5"].data, EXAMPLES["U3"].data, EXAMPLES["M2"].data
    h = min_cost_denoiser(m5)
    verdicts = verify_denoiser(min_cost_denoiser(u3))
    items: list = [
        Status.PROVED, Standing.UPPER_BOUND, Structure.SIMPLEX_FACE, Setting.OFFLINE, Quantity.SQUARED_VIOLATION,
        m5, u3, h.network, h.network.units[0], min_cost_denoiser(u3).function,
        detect(m5), detect(u3), detect(m2), detect(m2).ray_frames[0], detect(u3).clusters[0],
        h, min_cost_denoiser(u3),
        Solution(data=u3, program="1-D knot LP", status=Status.PROVED, lower=mpq(5, 2), upper=mpq(5, 2),
                 network=min_cost_denoiser(u3).network, verdicts=verdicts[:2],
                 evidence=((Quantity.FREE_INTERVALS, ((mpq(1), mpq(2)),)),), solver=(("status", "optimal"),)),
        exact("sqrt(3)/2"), exact("cbrt(2)"),
        alignment_report(h)[0],
    ]
    items += list(verdicts) + [verdicts]
    return items


SAMPLES = _samples()


def test_every_record_type_is_sampled():
    kinds = {type(x) for x in SAMPLES}
    for cls in (Status, Standing, Structure, Setting, Quantity, Cluster, RayFrame, Geometry, Alignment, Verdict, Solution,
                symden.Verdicts, DataSet, ShallowNetwork, Unit, PiecewiseLinear, symden.Denoiser):
        assert cls in kinds, cls


@pytest.mark.parametrize("item", SAMPLES, ids=lambda x: type(x).__name__)
def test_repr_rebuilds_an_equal_value_with_the_same_hash(item):
    twin = eval(repr(item), _namespace())
    assert twin == item and hash(twin) == hash(item)
    assert type(twin) is type(item)


@pytest.mark.parametrize("item", SAMPLES, ids=lambda x: type(x).__name__)
def test_pickle_round_trip_in_process(item):
    back = pickle.loads(pickle.dumps(item))
    assert back == item and hash(back) == hash(item)


def test_records_are_frozen():
    v = Verdict("cost", Status.PROVED, "x")
    with pytest.raises(AttributeError):
        v.status = Status.REFUTED  # type: ignore[misc]


def test_verdict_evidence_is_typed():
    with pytest.raises(ValueError):
        Verdict("cost", Status.PROVED, "x", evidence=(("claimed cost", mpq(1)),))
    v = Verdict("cost", "proved", "x", evidence=[(Quantity.COST, [mpq(1), mpq(2)])])
    assert v.status is Status.PROVED and v.value(Quantity.COST) == (mpq(1), mpq(2))
    assert v.value(Quantity.SUP) is None


_CHILD = r"""
import pickle, sys
sys.path[:0] = [ROOT]
import test_records as t
items = pickle.loads(sys.stdin.buffer.read())
ns = t._namespace()
bad = []
for item, text in items:
    twin = eval(text, ns)   # built afresh in this process, with this process's hash seed
    if not (item == twin and hash(item) == hash(twin)):
        bad.append(type(item).__name__ + ": " + text[:80])
print("\n".join(bad))
sys.exit(1 if bad else 0)
"""


@pytest.mark.parametrize("seed", ["1", "4242"])
def test_pickled_into_another_process_equal_values_hash_equally(seed):
    payload = pickle.dumps([(item, repr(item)) for item in SAMPLES])
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run([sys.executable, "-c", _CHILD.replace("ROOT", repr(here))], input=payload,
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()[-2000:]


def test_registry_covers_every_structure():
    assert set(STRUCTURES) == set(Structure)
    for structure, form in STRUCTURES.items():
        assert callable(form.build) and form.reference.startswith("docs/theory.md section ")
