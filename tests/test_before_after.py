"""Every built-in example gives the verdicts and exact values it gave before the record refactor.

``golden/examples_before.json`` was recorded from ``symden derive/verify/solve --format json`` on
every built-in example with the code as it stood before issue 9 (commit 8b12650): structure,
standing, exact cost, the exact network, each check's verdict, and the program's exact bounds.
The refactor was to change none of them; a difference here is a behaviour change to explain.
M5-offline's ``solve`` crashed then (an OverflowError traceback, exit 1): it has no golden value.
"""

from __future__ import annotations

import json
import os

import pytest

from symden.closed_forms import min_cost_denoiser
from symden.examples import EXAMPLES
from symden.exact import exact
from symden.printing.jsonout import json_denoiser, json_verdicts
from symden.verify import verify_denoiser

with open(os.path.join(os.path.dirname(__file__), "golden", "examples_before.json"), encoding="utf-8") as fh:
    BEFORE = json.load(fh)


def test_every_example_has_a_golden_record():
    assert set(BEFORE) == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_derive_and_verify_unchanged(name):
    old = BEFORE[name]
    h = min_cost_denoiser(EXAMPLES[name].data)
    new = json_denoiser(h)
    for key in ("structure", "status", "setting", "cost_interval", "V", "c"):
        assert new.get(key) == old["derive"][key], key
    for key in ("cost", "network_cost"):  # exact values: equal as numbers, whatever the printed form
        assert (new[key] is None) == (old["derive"][key] is None)
        if new[key] is not None:
            assert exact(new[key]) == exact(old["derive"][key]), key
    assert len(new["units"]) == len(old["derive"]["units"])
    for nu, ou in zip(new["units"], old["derive"]["units"]):
        for part in ("a", "w"):
            assert [exact(v) for v in nu[part]] == [exact(v) for v in ou[part]]
        assert exact(nu["b"]) == exact(ou["b"])
    checks = json_verdicts(h, verify_denoiser(h))["checks"]
    assert [[c["name"], c["verdict"]] for c in checks] == old["verify"]


SOLVED = sorted(n for n, rec in BEFORE.items() if "solve" in rec)


@pytest.mark.parametrize("name", [n for n in SOLVED if EXAMPLES[n].data.dim == 1])
def test_1d_solve_unchanged(name):
    from symden.printing.jsonout import json_solution
    from symden.verify.numeric import solve_program

    old = BEFORE[name]["solve"]
    new = json_solution(solve_program(EXAMPLES[name].data))
    assert new["status"] == old["status"] == "proved"
    assert exact(new["lower_bound"]) == exact(old["lower_bound"]) == exact(new["upper_bound"]) == exact(old["cost"])


@pytest.mark.slow
def test_m3_offline_solve_keeps_its_certified_lower_bound():
    """The lower bound is bit-for-bit the same; the upper bound's network was re-built with rational kinks
    (so its exact cost no longer needs nested radicals) and may differ in the twelfth digit."""
    from symden.printing.jsonout import json_solution
    from symden.verify.numeric import solve_program

    old = BEFORE["M3-offline"]["solve"]
    new = json_solution(solve_program(EXAMPLES["M3-offline"].data))
    assert new["status"] == old["status"] == "certified"
    assert exact(new["lower_bound"]) == exact(old["lower_bound"])
    lo, hi_old, hi_new = exact(new["lower_bound"]), exact(old["upper_bound"]), exact(new["upper_bound"])
    assert lo <= hi_new and abs(hi_new - hi_old) <= exact("1/10^10")
