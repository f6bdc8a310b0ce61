"""JSON printers: the ``derive`` contract that later tools read, and ``verify`` verdicts.

``derive`` contract::

    {"convention": ..., "setting": "online"|"offline", "structure": "univariate", "cost": "<exact>",
     "cost_float": <number>, "units": [{"a": [...], "w": [...], "b": "<exact>"}], "V": [[...]], "c": [...]}

Every exact value is a string that ``sympy.sympify`` parses to the exact number, and
``h(y) = sum a [w.y + b]_+ + V y + c``. Extra keys (``name``, ``status``, ``theorem``,
``function``) add information and never change the meaning of the contract keys.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring_ascii as _encode_string
from typing import Any, Iterable

from gmpy2 import mpq

from symden.denoiser import Denoiser
from symden.exact import exact_str, to_float
from symden.network import COST_CONVENTION_SHORT
from symden.pwl import PiecewiseLinear
from symden.records import Quantity, Solution, Status, Verdict

__all__ = ["json_denoiser", "json_verdict", "json_verdicts", "json_solution", "dumps"]


def _exact_json(value: Any) -> Any:
    """Exact numbers become strings; containers are converted recursively; None stays null."""
    if type(value) is tuple:
        for v in value:
            if type(v) is not mpq:
                break
        else:
            return [str(v) for v in value]  # exact_str of an mpq, without a call per number
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return {str(k): _exact_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact_json(v) for v in value]
    if isinstance(value, PiecewiseLinear):
        return _function_json(value)
    return exact_str(value)


def _function_json(f: PiecewiseLinear) -> dict:
    return {
        "knots": list(map(exact_str, f.knots)),  # exact numbers, mapped in C: 10^5 knots are common
        "values": list(map(exact_str, f.values)),
        "left_slope": exact_str(f.left_slope),
        "right_slope": exact_str(f.right_slope),
    }


def _pairs_json(pairs: tuple) -> dict:
    """Typed ``(Quantity, value)`` pairs as a JSON object keyed by the quantity's name."""
    return {q.value: _exact_json(v) for q, v in pairs}


def json_denoiser(denoiser: Denoiser, alignment: tuple | None = None) -> dict:
    """The ``derive`` JSON contract for ``denoiser``.

    When the minimal cost is known only to certified precision, ``"cost"`` is null and
    ``"cost_interval"`` holds exact rational bounds; ``"network_cost"`` is always the exact
    ``sum |a||w|`` of the printed network.
    """
    net = denoiser.network
    out = {
        "name": denoiser.data.name,
        "convention": COST_CONVENTION_SHORT,
        "convention_detail": denoiser.convention,
        "setting": denoiser.data.setting,
        "structure": denoiser.structure.value,
        "status": denoiser.standing.value,
        "theorem": denoiser.theorem,
        "cost": exact_str(denoiser.cost) if denoiser.cost is not None else None,
        "cost_float": to_float(denoiser.cost) if denoiser.cost is not None else None,
        "network_cost": exact_str(net.cost()),
        # a unit's fields are exact numbers (validated on construction), and exact_str is str for
        # both mpq and Algebraic: map(str) formats 10^5 of them at C speed
        "units": [{"a": list(map(str, u.a)), "w": list(map(str, u.w)), "b": str(u.b)} for u in net.units],
        "V": _exact_json(net.V),
        "c": _exact_json(net.c),
    }
    if denoiser.cost_interval is not None:
        out["cost_interval"] = [exact_str(v) for v in denoiser.cost_interval]
        out["cost_interval_float"] = [to_float(v) for v in denoiser.cost_interval]
    if denoiser.notes:
        out["notes"] = list(denoiser.notes)
    if denoiser.subspace_dim is not None:
        out["subspace_dim"] = denoiser.subspace_dim
    if denoiser.data.radius is not None:
        out["radius"] = exact_str(denoiser.data.radius)
    if alignment is not None:
        out["alignment"] = [
            {
                "unit": e.unit,
                "w_parallel_to_edges": [list(p) for p in e.w_parallel_to_edges],
                "w_normal_to_facets": list(e.w_normal_to_facets),
                "output_direction": _exact_json(e.output_direction),
                "output_parallel_to_edges": [list(p) for p in e.output_parallel_to_edges],
                "cost": exact_str(e.cost),
                "cost_share": e.cost_share,
            }
            for e in alignment
        ]
    if denoiser.certified_on is not None:
        out["certified_on"] = denoiser.certified_on
    if denoiser.function is not None:
        out["function"] = _function_json(denoiser.function)
    return out


def json_solution(solution: Solution) -> dict:
    """``symden solve``: the ``derive`` contract for the program's exact network, plus
    ``"lower_bound"``, ``"upper_bound"`` and ``"solver"``.

    ``"cost"`` is the exact minimum when the program proved it (``lower == upper``), else null;
    ``"network_cost"`` is the exact ``sum |a||w|`` of the printed network (null when exact
    arithmetic could not express it: a note says so, and ``"upper_bound"`` still bounds it).
    """
    net = solution.network
    proved = solution.status is Status.PROVED and solution.upper is not None
    out = {
        "name": solution.data.name,
        "convention": COST_CONVENTION_SHORT,
        "setting": solution.data.setting,
        "structure": "program",
        "status": solution.status.value,
        "cost": exact_str(solution.upper) if proved else None,
        "cost_float": to_float(solution.upper) if proved else None,
        "lower_bound": exact_str(solution.lower) if solution.lower is not None else None,
        "upper_bound": exact_str(solution.upper) if solution.upper is not None else None,
        "solver": _plain_json(dict(solution.solver)),
        "notes": list(solution.notes),
        "verdicts": [json_verdict(v) for v in solution.verdicts],
    }
    if net is not None:
        cost = solution.value(Quantity.NETWORK_COST)
        out.update({
            "network_cost": exact_str(cost) if cost is not None else None,
            "units": [{"a": _exact_json(u.a), "w": _exact_json(u.w), "b": exact_str(u.b)} for u in net.units],
            "V": _exact_json(net.V),
            "c": _exact_json(net.c),
        })
    return out


def _plain_json(value):
    """Solver diagnostics: numbers and strings as they are, exact numbers as strings, the rest via str."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    try:
        return exact_str(value)
    except Exception:  # diagnostics of another type: show them, never fail the output
        return str(value)


def json_verdict(v: Verdict) -> dict:
    """One verdict: ``{"name", "verdict", "detail", "counterexample", "evidence", "reference"}``.

    ``evidence`` and ``counterexample`` are keyed by the :class:`~symden.records.Quantity` names
    (costs, bounds, the equality set of contractivity with null for an infinite end of an
    interval), with every exact value as an exact string; ``counterexample`` is null unless refuted.
    """
    return {
        "name": v.name,
        "verdict": v.status.value,
        "detail": v.detail,
        "counterexample": _pairs_json(v.counterexample) if v.counterexample else None,
        "evidence": _pairs_json(v.evidence),
        "reference": v.reference,
    }


def json_verdicts(denoiser: Denoiser, verdicts: Iterable[Verdict]) -> dict:
    """``{"checks": [json_verdict(v), ...]}`` plus the data's name, setting, structure and convention."""
    return {
        "name": denoiser.data.name,
        "convention": COST_CONVENTION_SHORT,
        "setting": denoiser.data.setting,
        "structure": denoiser.structure.value,
        "standing": denoiser.standing.value,
        "theorem": denoiser.theorem,
        "checks": [json_verdict(v) for v in verdicts],
    }


class _Unsupported(Exception):
    """A value the fast encoder leaves to json.dumps."""


_NEWLINES = tuple("\n" + "  " * k for k in range(64))
_SEPARATORS = tuple("," + newline for newline in _NEWLINES)
_is_str = str.__instancecheck__  # isinstance(x, str) as a function that map() calls in C


def _json_scalar(o: Any) -> str:
    if isinstance(o, str):
        return _encode_string(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        if o != o:
            return "NaN"
        if o in (math.inf, -math.inf):
            return "Infinity" if o > 0 else "-Infinity"
        return float.__repr__(o)
    raise _Unsupported


def _json_text(o: Any, level: int) -> str:
    """``json.dumps(o, indent=2)`` at nesting ``level``, built by joins (lists of strings in C)."""
    if _is_str(o):
        return _encode_string(o)
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        if all(map(_is_str, o)):
            return "[" + _NEWLINES[level + 1] + _SEPARATORS[level + 1].join(map(_encode_string, o)) + _NEWLINES[level] + "]"
        items = [_json_text(x, level + 1) for x in o]
        return "[" + _NEWLINES[level + 1] + _SEPARATORS[level + 1].join(items) + _NEWLINES[level] + "]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        if not all(map(_is_str, o)):
            raise _Unsupported  # json.dumps converts other keys to strings: leave that to it
        inner, deeper = level + 1, level + 2
        parts = []
        for k, v in o.items():  # the common values (strings, lists of strings) inline: 10^4 unit dicts
            if _is_str(v):
                parts.append(_encode_string(k) + ": " + _encode_string(v))
            elif type(v) is list and v and all(map(_is_str, v)):
                parts.append(_encode_string(k) + ": [" + _NEWLINES[deeper] + _SEPARATORS[deeper].join(map(_encode_string, v))
                             + _NEWLINES[inner] + "]")
            else:
                parts.append(_encode_string(k) + ": " + _json_text(v, inner))
        return "{" + _NEWLINES[inner] + _SEPARATORS[inner].join(parts) + _NEWLINES[level] + "}"
    return _json_scalar(o)


def dumps(obj: dict) -> str:
    """Indented JSON text: exactly ``json.dumps(obj, indent=2)``.

    The standard library formats indented JSON in pure Python (its C encoder has no indent),
    0.12 s for the 4 x 10^5 values of a 10^4-point closed form; this builds the same text
    by joins in about half the time, and hands anything unusual (non-string keys, other
    types, deep nesting) to ``json.dumps`` itself.
    """
    try:
        return _json_text(obj, 0)
    except (_Unsupported, RecursionError, IndexError):
        return json.dumps(obj, indent=2)
