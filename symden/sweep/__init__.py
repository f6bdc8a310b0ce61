"""Sweeps over triangle shapes: which closed-form family is certified optimal (docs/theory.md section 6d).

Layer 6. One record per shape and radius (:func:`sweep_one`, a picklable top-level function that
never raises), computed in-process, in local processes, or on a Dask cluster, appended to a JSON
lines file as they complete; a rerun skips the entries already in the file.

The shape domain (section 6d.1): base (0, 0)-(1, 0) the longest side, apex (u, v) with
0 <= u <= 1/2 (so |apex| <= |apex - (1, 0)|), v > 0 and (1 - u)^2 + v^2 <= 1 (the side from
(1, 0) is at most the base). This implies the issue's u^2 + v^2 <= 1; that inequality alone
would also admit shapes whose longest side is not the base (duplicates of shapes in the domain).

>>> in_domain(exact("1/2"), exact("sqrt(3)/2")), in_domain(exact("1/10"), exact("9/10"))
(True, False)
>>> family_rule(mpq(5), mpq(6), edge=mpq(6), face=(mpq(7), mpq(7)))
'edge'
"""

from __future__ import annotations

import json
import os
import time
from typing import Iterable, Iterator, Optional, Sequence

from gmpy2 import mpq

from symden.errors import InvalidDataError, SymdenError, UsageError
from symden.exact import exact, exact_str, to_float
from symden.progress import task
from symden.records import Status
from symden.reference import cite

__all__ = ["in_domain", "parse_apex", "grid", "balls_disjoint", "family_rule", "sweep_one", "record_key",
           "read_done", "run_sweep", "FAMILIES"]

FAMILIES = ("edge", "face", "both", "neither", "undecided")


def in_domain(u, v) -> bool:
    """Whether the apex (u, v) is in the fundamental domain (exact comparisons)."""
    return 0 <= u and 2 * u <= 1 and v > 0 and (1 - u) ** 2 + v ** 2 <= 1


def parse_apex(text: str) -> tuple:
    """``"U,V"`` -> the exact apex (u, v); a one-line :class:`InvalidDataError` outside the domain."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) != 2 or not all(parts):
        raise InvalidDataError(f"apex {text!r}: expected U,V (e.g. 1/2,sqrt(3)/2)")
    u, v = exact(parts[0], name="apex u"), exact(parts[1], name="apex v")
    if not in_domain(u, v):
        raise InvalidDataError(
            f"apex ({exact_str(u)}, {exact_str(v)}) is outside the shape domain 0 <= u <= 1/2, v > 0, "
            f"(1-u)^2 + v^2 <= 1 (base (0,0)-(1,0) the longest side; {cite('6d.1')})")
    return u, v


def grid(n: int) -> list:
    """The N x N lattice u = i/(2(N-1)) (i = 0..N-1), v = j/N (j = 1..N) over [0, 1/2] x (0, 1], inside the domain.

    >>> [(str(u), str(v)) for u, v in grid(2)]
    [('1/2', '1/2')]
    """
    if n < 2:
        raise UsageError(f"--grid {n}: need N >= 2")
    out = []
    for i in range(n):
        u = mpq(i, 2 * (n - 1))
        for j in range(1, n + 1):
            v = mpq(j, n)
            if in_domain(u, v):
                out.append((u, v))
    return out


def balls_disjoint(u, v, rho) -> bool:
    """Whether the balls of radius rho around (0,0), (1,0), (u,v) are pairwise disjoint (every side > 2 rho)."""
    four = 4 * rho * rho
    return 1 > four and u * u + v * v > four and (1 - u) ** 2 + v * v > four


def family_rule(lower, upper, *, edge=None, face=None) -> str:
    """The family certified optimal to the gap of [lower, upper] (section 6d.1), by exact comparisons.

    ``edge`` the edge family's exact cost or None (no non-acute vertex); ``face`` the face family's
    certified interval (lo, hi) (lo = hi when exact) or None (an altitude <= 2 rho: no face ramps). A family is certified optimal to the gap when
    its cost (face: the upper end hi) is <= upper; ``neither`` when every available cost is > upper
    (face: lo > upper); otherwise ``undecided``.

    >>> family_rule(mpq(5), mpq(6), edge=mpq(6), face=(mpq(6), mpq(6)))
    'both'
    >>> family_rule(mpq(5), mpq(6), edge=None, face=(mpq(7), mpq(8)))
    'neither'
    >>> family_rule(mpq(5), mpq(6), edge=mpq(7), face=(mpq(5), mpq(7)))
    'undecided'
    """
    edge_ok = edge is not None and edge <= upper
    face_ok = face is not None and face[1] <= upper
    if edge_ok and face_ok:
        return "both"
    if edge_ok:
        return "edge"
    if face_ok:
        return "face"
    edge_above = edge is None or edge > upper
    face_above = face is None or face[0] > upper
    if edge_above and face_above:
        return "neither"
    return "undecided"


def _line(text: str) -> str:
    """One line of at most 300 characters (an error field)."""
    text = " ".join(str(text).split())
    return text if len(text) <= 300 else text[:297] + "..."


def record_key(apex: Sequence[str], rho: str) -> tuple:
    """The resume key of (apex, rho): canonical exact strings (``0.5`` and ``1/2`` are one key)."""
    return (exact_str(exact(apex[0])), exact_str(exact(apex[1])), exact_str(exact(rho)))


def sweep_one(apex: Sequence[str], rho: str) -> dict:
    """The record of one shape (apex strings) and radius (string); never raises (a failure is 'undecided').

    Picklable (top level), for processes and Dask workers.
    """
    start = time.perf_counter()
    rec = {"apex": [str(apex[0]), str(apex[1])], "apex_float": [None, None], "rho": str(rho),
           "lower_bound": None, "upper_bound": None, "lower_float": None, "upper_float": None,
           "edge_cost": None, "edge_cost_float": None, "face_cost": None, "face_cost_float": None,
           "face_interval": None, "family": "undecided", "gap": None, "margin": None,
           "status": "inconclusive", "seconds": 0.0, "error": None}
    try:
        u, v = exact(apex[0], name="apex u"), exact(apex[1], name="apex v")
        r = exact(rho, name="rho")
        rec["apex"] = [exact_str(u), exact_str(v)]
        rec["apex_float"] = [to_float(u), to_float(v)]
        rec["rho"] = exact_str(r)
        from symden.closed_forms import min_cost_denoiser
        from symden.data import DataSet
        from symden.errors import ConditionError
        from symden.verify.numeric import solve_program

        data = DataSet(clean=[[0, 0], [1, 0], [u, v]], radius=r)
        try:
            edge = min_cost_denoiser(data, structure="simplex-edge").cost
        except ConditionError:
            edge = None
        try:  # the face ramps need every altitude above 2 rho (section 4.6): else no face family
            fd = min_cost_denoiser(data, structure="simplex-face")
            face = (fd.cost, fd.cost) if fd.cost is not None else tuple(fd.cost_interval)
        except ConditionError:
            face = None
        if edge is not None:
            rec["edge_cost"], rec["edge_cost_float"] = exact_str(edge), to_float(edge)
        if face is not None:
            rec["face_cost"], rec["face_cost_float"] = exact_str(face[1]), to_float(face[1])
            rec["face_interval"] = [exact_str(face[0]), exact_str(face[1])]
        if edge is not None and face is not None:
            rec["margin"] = to_float((face[1] - edge) / min(edge, face[1]))
        solution = solve_program(data)
        lo, hi = solution.lower, solution.upper
        if lo is not None and hi is not None:
            rec["lower_bound"], rec["upper_bound"] = exact_str(lo), exact_str(hi)
            rec["lower_float"], rec["upper_float"] = to_float(lo), to_float(hi)
            rec["gap"] = to_float((hi - lo) / hi)
        if solution.status.holds and lo is not None and hi is not None:
            rec["family"] = family_rule(lo, hi, edge=edge, face=face)
            rec["status"] = "inconclusive" if rec["family"] == "undecided" else "certified"
            if rec["family"] == "undecided":
                rec["error"] = ("undecided at this gap: no family's cost is <= the upper bound, and the face family's "
                                "certified interval reaches below it")
        else:
            why = next((v.detail for v in solution.verdicts if not Status(v.status).holds), "")
            rec["error"] = _line(f"the program ended {solution.status.value}" + (f": {why}" if why else ""))
    except Exception as exc:  # noqa: BLE001 - a sweep never stops for one shape
        rec["family"], rec["status"] = "undecided", "inconclusive"
        rec["error"] = _line(f"{type(exc).__name__}: {exc}")
    rec["seconds"] = time.perf_counter() - start
    return rec


def read_done(path: Optional[str]) -> dict:
    """The records already in ``path`` (JSON lines), by :func:`record_key`; a missing file is empty.

    A line that does not parse (a run killed mid-write) is skipped.
    """
    done: dict = {}
    if not path or not os.path.exists(path):
        return done
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
                done[record_key(rec["apex"], rec["rho"])] = rec
            except (ValueError, KeyError, TypeError, SymdenError):
                continue
    return done


def _append(path: str, rec: dict) -> None:
    needs_newline = os.path.exists(path) and os.path.getsize(path) > 0
    if needs_newline:
        with open(path, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            needs_newline = fh.read(1) != b"\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(("\n" if needs_newline else "") + json.dumps(rec) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _preload() -> None:
    """Import what :func:`sweep_one` uses (the closed forms, the program, cvxpy) in this process."""
    import symden.closed_forms  # noqa: F401
    import symden.programs  # noqa: F401
    import symden.verify.numeric  # noqa: F401


def _one_thread() -> None:
    """In a worker process: BLAS on one thread (W workers on W cores, not W x BLAS threads)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn, not with every install
        return
    threadpool_limits(1)


def _completed(jobs: list, workers: int, scheduler: Optional[str]) -> Iterator[dict]:
    """The records of ``jobs`` ((apex strings, rho string) pairs), in the order they complete."""
    if scheduler:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise UsageError("--scheduler needs dask distributed (pip install 'dask[distributed]')") from None
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot connect ({' '.join(str(exc).split())})") from None
        try:
            client.run(_one_thread)  # the workers present now; BLAS on one thread each
            futures = client.map(sweep_one, [a for a, _ in jobs], [r for _, r in jobs], pure=False)
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.close()
    elif workers <= 1:
        for apex, rho in jobs:
            yield sweep_one(apex, rho)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        _preload()  # forked workers inherit the solver modules instead of importing them each (3-4 s apiece)
        with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread) as pool:
            futures = [pool.submit(sweep_one, apex, rho) for apex, rho in jobs]
            for future in as_completed(futures):
                yield future.result()


def run_sweep(apexes: Iterable, rhos: Iterable, *, workers: int = 1, scheduler: Optional[str] = None,
              out: Optional[str] = None, skip_overlapping: bool = False) -> list:
    """Every (apex, rho) record, in the order asked; new ones appended to ``out`` as they complete.

    ``apexes`` exact (u, v) pairs in the domain, ``rhos`` exact radii > 0. A pair whose balls overlap
    is an :class:`InvalidDataError`, or skipped with ``skip_overlapping`` (grid points).
    """
    apexes, rhos = list(apexes), list(rhos)
    if workers < 1:
        raise UsageError(f"--workers {workers}: need at least 1")
    for r in rhos:
        if not r > 0:
            raise InvalidDataError(f"rho = {exact_str(r)}: the noise radius must be > 0")
    wanted, seen = [], set()
    for r in rhos:
        for u, v in apexes:
            if not balls_disjoint(u, v, r):
                if skip_overlapping:
                    continue
                raise InvalidDataError(f"apex ({exact_str(u)}, {exact_str(v)}) at rho = {exact_str(r)}: the balls overlap "
                                       f"(a side is <= 2 rho); the data must have disjoint balls")
            key = (exact_str(u), exact_str(v), exact_str(r))
            if key not in seen:
                seen.add(key)
                wanted.append(key)
    done = read_done(out)
    jobs = [((k[0], k[1]), k[2]) for k in wanted if k not in done]
    with task("sweep triangles", total=len(jobs), unit="shape") as t:
        for count, rec in enumerate(_completed(jobs, workers, scheduler), 1):
            key = record_key(rec["apex"], rec["rho"])
            done[key] = rec
            if out:
                _append(out, rec)
            t.update(count, note=f"{rec['family']}")
    return [done[k] for k in wanted]
