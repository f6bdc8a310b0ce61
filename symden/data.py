"""The data set: clean points plus either offline samples or an online noise radius.

THEORY.md section 2. A :class:`DataSet` is immutable and exact. Its constructor
converts every number through :func:`symden.exact.exact` (so floats are refused),
gives every point the same dimension, and refuses data that are malformed in
themselves:

* no clean points, or points of different dimensions;
* both or neither of ``radius`` and ``samples``; a radius that is not positive;
* a sample list per clean point that does not match the clean points, or an empty one;
* two equal clean points;
* infeasible targets: one sample listed for two clean points (offline), or two closed
  noise balls that meet (online: a point of both would need two targets).

Conditions that only some theorems need (disjoint sample hulls, two distinct samples
per cluster, an angle condition) are checked by the closed form that needs them,
which raises :class:`~symden.errors.ConditionError`.

The JSON file format (section "Data files" of the README)::

    {"clean": [0, 1, 3, 3.5], "radius": "1/5"}
    {"clean": [0, 1], "samples": [[-0.2, 0, 0.1], [0.8, 1, 1.1]]}
    {"clean": [[0, 0], [1, 0], [-0.5, 1]], "radius": 0.1}

JSON numbers are read as the decimals they spell (``0.1`` is exactly 1/10), straight to
``gmpy2.mpq``; strings may hold fractions (``"1/3"``) or algebraic expressions
(``"sqrt(3)/2"``). Optional keys: ``name`` (default: the file's stem, e.g. ``myset`` for
``myset.json``; empty for standard input, which printers title ``data``), ``description``.
Any other key is an error.

Reading and validating rational or decimal data imports neither sympy nor numpy.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterable  # isinstance against typing.Iterable costs 1.5 us
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from gmpy2 import mpq

from symden._display import Displayed
from symden.errors import DataFileError, InexactNumberError, InvalidDataError
from symden.exact import MAX_EXPONENT, MAX_TEXT_CHARS, Exact, exact, exact_str, sqrt_exact

__all__ = [
    "DataSet",
    "Point",
    "load_dataset",
    "read_dataset",
    "dataset_from_json",
    "dataset_to_json",
    "dump_dataset",
]

Point = tuple  # a tuple of Exact coordinates, of length d

_KEYS_REQUIRED = ("clean",)
_KEYS_OPTIONAL = ("radius", "samples", "name", "description")


def _show_point(p: Sequence[Exact]) -> str:
    if len(p) == 1:
        return exact_str(p[0])
    return "(" + ", ".join(exact_str(v) for v in p) + ")"


def _as_point(value: Any, *, name: str, dim: Optional[int]) -> Point:
    """A point is a scalar (1-D) or a list of scalars; the result is always a tuple."""
    if type(value) is mpq and dim in (None, 1):  # a JSON number, already exact: the common 1-D case
        return (value,)
    if isinstance(value, (list, tuple)):
        if len(value) == 0:
            raise InvalidDataError(f"{name} = []: a point needs at least one coordinate")
        coords = tuple(exact(v, name=f"{name}[{i}]") for i, v in enumerate(value))
    else:
        coords = (exact(value, name=name),)
    if dim is not None and len(coords) != dim:
        raise InvalidDataError(
            f"{name} = {_show_point(coords)} has dimension {len(coords)}, but the clean points have dimension {dim}"
        )
    return coords


_ONLY_MPQ = {mpq}


def _squared_distance(p: Point, q: Point) -> Exact:
    return sum(((a - b) ** 2 for a, b in zip(p, q)), mpq(0))


@dataclass(frozen=True)
class DataSet(Displayed):
    """Clean points with offline samples or an online radius (THEORY.md section 2).

    Parameters
    ----------
    clean
        The clean points ``x_1..x_N``: a sequence of scalars (d = 1) or of equal-length
        sequences of scalars. Stored as tuples of exact numbers, in the order given.
    radius
        Online setting: the noise radius ``rho > 0``; constraints ``h(y) = x_n`` on every
        closed ball ``B(x_n, rho)``.
    samples
        Offline setting: for each clean point, its noisy samples ``y_{n,m}``; constraints
        ``h(y_{n,m}) = x_n``.
    name, description
        Free text, carried to every output.

    Raises
    ------
    InvalidDataError
        For malformed or infeasible data (see the module docstring).
    InexactNumberError
        For a float, a non-finite value or a non-algebraic number.

    Examples
    --------
    >>> ds = DataSet(clean=[0, 1, 3, "3.5"], radius="1/5")
    >>> ds.dim, ds.setting, ds.radius
    (1, 'online', mpq(1,5))
    """

    _display_kind = "dataset"  # str(data): points and setting; a notebook shows them as math and a table
    _repr_pretty_ = Displayed._repr_pretty_  # IPython reads it only from the class itself (see Displayed)

    clean: tuple
    radius: Optional[Exact] = None
    samples: Optional[tuple] = None
    name: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        raw_clean = self.clean
        if isinstance(raw_clean, (str, bytes)) or not isinstance(raw_clean, Iterable):
            raise InvalidDataError(f"clean = {raw_clean!r}: expected a list of points")
        raw_clean = list(raw_clean)
        if not raw_clean:
            raise InvalidDataError("clean = []: at least one clean point is required")
        first = _as_point(raw_clean[0], name="clean[0]", dim=None)
        dim = len(first)
        clean = (first,) + tuple(_as_point(p, name=f"clean[{i}]", dim=dim) for i, p in enumerate(raw_clean[1:], 1))
        object.__setattr__(self, "clean", clean)
        for field in ("name", "description"):
            if not isinstance(getattr(self, field), str):
                raise InvalidDataError(f"{field} = {getattr(self, field)!r}: must be a string")

        if (self.radius is None) == (self.samples is None):
            raise InvalidDataError(
                "give exactly one of 'radius' (online setting: noise balls) and 'samples' (offline setting: noisy samples)"
            )
        self._check_distinct_clean()
        if self.radius is not None:
            radius = exact(self.radius, name="radius")
            if not radius > 0:
                raise InvalidDataError(f"radius = {exact_str(radius)}: the noise radius must be positive")
            object.__setattr__(self, "radius", radius)
            self._check_balls_disjoint()
        else:
            samples, hulls = self._canonical_samples(self.samples)
            object.__setattr__(self, "samples", samples)
            # 1-D clusters whose hulls [min, max] are pairwise disjoint share no sample: decided
            # without hashing (a first hash of an mpq costs about 1 us, as much as parsing it)
            hulls.sort()
            if not (hulls and all(a[1] < b[0] for a, b in zip(hulls, hulls[1:]))):
                self._check_no_shared_sample()

    # -- validation helpers -------------------------------------------------------------

    def _canonical_samples(self, raw: Any) -> tuple:
        """The samples as tuples of points, and the hulls (min, max) of 1-D clusters given as mpq
        (empty unless every cluster is such)."""
        if isinstance(raw, (str, bytes)) or not isinstance(raw, Iterable):
            raise InvalidDataError(f"samples = {raw!r}: expected one list of samples per clean point")
        raw = list(raw)
        if len(raw) != len(self.clean):
            raise InvalidDataError(
                f"samples has {len(raw)} clusters but there are {len(self.clean)} clean points: give one list of samples per clean point"
            )
        out = []
        hulls: list = []
        dim = self.dim
        for n, cluster in enumerate(raw):
            if type(cluster) is not list and (isinstance(cluster, (str, bytes)) or not isinstance(cluster, Iterable)):
                raise InvalidDataError(f"samples[{n}] = {cluster!r}: expected a list of samples")
            cluster = list(cluster)
            if not cluster:
                raise InvalidDataError(f"samples[{n}] = []: clean point {_show_point(self.clean[n])} needs at least one sample")
            if dim == 1 and set(map(type, cluster)) == _ONLY_MPQ:
                out.append(tuple(zip(cluster)))  # exact already: 1-tuples built in C, no per-sample name
                if len(hulls) == n:
                    hulls.append((min(cluster), max(cluster)))
            else:
                out.append(tuple(_as_point(y, name=f"samples[{n}][{m}]", dim=dim) for m, y in enumerate(cluster)))
        return tuple(out), (hulls if len(hulls) == len(out) else [])

    def _check_distinct_clean(self) -> None:
        if len(set(self.clean)) == len(self.clean):
            return
        seen: dict = {}
        for i, p in enumerate(self.clean):
            first = seen.setdefault(p, i)
            if first != i:
                raise InvalidDataError(
                    f"clean[{first}] and clean[{i}] are the same point {_show_point(p)}: clean points must be distinct "
                    "(merge their samples into one cluster)"
                )

    def _check_no_shared_sample(self) -> None:
        # Fast exact test first: no sample is shared iff the distinct samples of all clusters
        # together are as many as the distinct samples of each cluster summed.
        groups = [set(cluster) for cluster in self.samples]
        if len(set().union(*groups)) == sum(len(g) for g in groups):
            return
        owner: dict = {}
        setdefault = owner.setdefault
        for n, cluster in enumerate(self.samples):
            for y in cluster:
                first = setdefault(y, n)  # one dict operation per sample
                if first != n:
                    raise InvalidDataError(
                        f"sample {_show_point(y)} is listed for clean[{first}] = {_show_point(self.clean[first])} "
                        f"and for clean[{n}] = {_show_point(self.clean[n])}: one input cannot have two targets"
                    )

    def _check_balls_disjoint(self) -> None:
        bound = (2 * self.radius) ** 2
        if self.dim == 1:
            order = sorted(range(self.size), key=lambda i: self.clean[i][0])
            pairs = zip(order, order[1:])
        else:
            pairs = ((i, j) for i in range(self.size) for j in range(i + 1, self.size))
        for i, j in pairs:
            d2 = _squared_distance(self.clean[i], self.clean[j])
            if not d2 > bound:
                raise InvalidDataError(
                    f"the noise balls of clean[{i}] = {_show_point(self.clean[i])} and clean[{j}] = {_show_point(self.clean[j])} "
                    f"meet: their distance {exact_str(sqrt_exact(d2))} is not larger than 2*radius = {exact_str(2 * self.radius)}; "
                    "a point of both balls would need two targets"
                )

    def __hash__(self) -> int:
        # Computed once: data sets are immutable, and caches keyed by a data set (the sorted
        # clusters of the 1-D closed form) would otherwise rehash 10^5 exact numbers per lookup.
        # Equal data sets have equal fields, so hashing a part of them is enough: the samples
        # enter by their numbers per cluster only (a first hash of 10^5 samples costs 0.1 s).
        # The cache depends on the process's hash seed (name and description are strings), so
        # it is never pickled: see __getstate__.
        cached = self.__dict__.get("_hash")
        if cached is None:
            counts = None if self.samples is None else tuple(map(len, self.samples))
            cached = hash((self.clean, self.radius, counts, self.name, self.description))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:
        """The fields without the cached hash, which another process (another PYTHONHASHSEED) recomputes."""
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    # -- derived quantities ---------------------------------------------------------------

    @property
    def dim(self) -> int:
        """The dimension d of the clean points."""
        return len(self.clean[0])

    @property
    def size(self) -> int:
        """The number N of clean points."""
        return len(self.clean)

    @property
    def setting(self) -> str:
        """``"online"`` (noise balls of a radius) or ``"offline"`` (finite samples)."""
        return "online" if self.radius is not None else "offline"

    def describe_setting(self) -> str:
        """One line naming the setting, for every output."""
        if self.radius is not None:
            return f"online: h(y) = x_n on every closed ball of radius {exact_str(self.radius)} around x_n"
        total = sum(len(c) for c in self.samples)
        return f"offline: h(y) = x_n at {total} samples in {self.size} clusters"


def _reject_constant(token: str) -> Any:
    raise InexactNumberError(f"{token} in the data file: numbers must be finite")


def _parse_int(token: str) -> int:
    if len(token.lstrip("-")) > 1000:
        raise InexactNumberError(f"the integer {token[:20]}... in the data file has {len(token)} digits; at most 1000 are accepted")
    return int(token)


class _DecimalText(str):
    """A JSON number with a fraction part or exponent, kept as the text it was written as."""


def _has_long_exponent(text: str) -> bool:
    """True when a number in ``text`` may have an exponent of four or more digits.

    ``str.find`` scans in C; the regular-expression equivalent costs 90 ms on a 1 MB file.
    """
    for marker in "eE":
        i = text.find(marker)
        while i > 0:
            if text[i - 1] in "0123456789.":
                j = i + 1
                if text[j : j + 1] in ("+", "-"):
                    j += 1
                if text[j : j + 4].isdigit() and len(text[j : j + 4]) == 4:
                    return True
            i = text.find(marker, i + 1)
    return False


def _decimal(token: str, _mpq=mpq, _limit=MAX_TEXT_CHARS) -> Any:
    """A JSON decimal straight to mpq, or kept as text when too long (exact() refuses it by name)."""
    return _mpq(token) if len(token) <= _limit else _DecimalText(token)


def _parse_decimal(token: str) -> Any:
    """A JSON number with a fraction part or exponent, read exactly (``0.1`` is 1/10) to an mpq.

    The JSON grammar guarantees the token's form, which gmpy2 reads exactly. A token too long
    or with too large an exponent stays text, so that :func:`~symden.exact.exact` refuses it
    with the value's place in the file named.
    """
    if len(token) > MAX_TEXT_CHARS:
        return _DecimalText(token)
    cut = max(token.find("e"), token.find("E"))
    if cut >= 0 and abs(int(token[cut + 1 :])) > MAX_EXPONENT:
        return _DecimalText(token)
    return mpq(token)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while a data file becomes a DataSet.

    Parsing 10^5 numbers allocates some 3 x 10^5 objects, none in a reference cycle, and the
    collector would scan the growing heap three times over (0.05 s of 0.5 s for a 10^5-sample
    derive). It is restored to its previous state afterwards, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def dataset_from_json(obj: Any, *, source: str = "data", default_name: str = "") -> DataSet:
    """Build a :class:`DataSet` from parsed JSON (a dict) or from JSON text.

    ``default_name`` is the name when the object has no ``name`` key (the file's stem for
    :func:`load_dataset`).

    Raises
    ------
    DataFileError
        For malformed JSON, a top level that is not an object, or unknown or missing keys.
    InvalidDataError, InexactNumberError
        For data that are malformed in themselves (see :class:`DataSet`).
    """
    with _collector_paused():
        return _dataset_from_json(obj, source=source, default_name=default_name)


def _dataset_from_json(obj: Any, *, source: str, default_name: str) -> DataSet:
    if isinstance(obj, (str, bytes)):
        try:
            # With no exponent of four digits in the text, no decimal can be too large to build:
            # every decimal goes straight to mpq, through one length check.
            risky = not isinstance(obj, str) or _has_long_exponent(obj)
            obj = json.loads(
                obj, parse_float=_parse_decimal if risky else _decimal, parse_int=_parse_int, parse_constant=_reject_constant
            )
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{source}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
        except RecursionError:
            raise DataFileError(f"{source}: the JSON is nested too deeply") from None
    if not isinstance(obj, dict):
        raise DataFileError(f"{source}: the top level must be a JSON object with the key 'clean', not {type(obj).__name__}")
    unknown = sorted(set(obj) - set(_KEYS_REQUIRED) - set(_KEYS_OPTIONAL))
    if unknown:
        allowed = ", ".join(_KEYS_REQUIRED + _KEYS_OPTIONAL)
        raise DataFileError(f"{source}: unknown key {unknown[0]!r} (allowed keys: {allowed})")
    if "clean" not in obj:
        raise DataFileError(f"{source}: the key 'clean' (the list of clean points) is missing")
    return DataSet(
        clean=obj["clean"],
        radius=obj.get("radius"),
        samples=obj.get("samples"),
        name=obj.get("name", default_name),
        description=obj.get("description", ""),
    )


def load_dataset(path: str | os.PathLike) -> DataSet:
    """Read a data file (the JSON format in the module docstring).

    A file without a ``name`` key is named by its stem: ``myset.json`` gives ``myset``.

    Raises
    ------
    DataFileError
        When the file cannot be read or is not valid JSON of the expected shape.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataFileError(f"{path}: cannot read the data file ({reason})") from None
    stem = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    return dataset_from_json(text, source=str(path), default_name=stem)


def read_dataset(source: str) -> DataSet:
    """:func:`load_dataset` for a path, or the data file on standard input when ``source`` is ``"-"``.

    Data read from standard input without a ``name`` key keep the empty name (printers title it ``data``).
    """
    if source == "-":
        import sys

        return dataset_from_json(sys.stdin.read(), source="<stdin>")
    return load_dataset(source)


def _json_number(value: Exact) -> Any:
    if isinstance(value, mpq) and value.denominator == 1:
        return int(value.numerator)
    return exact_str(value)


def _json_point(p: Point) -> Any:
    return _json_number(p[0]) if len(p) == 1 else [_json_number(v) for v in p]


def dataset_to_json(data: DataSet) -> dict:
    """The JSON object for ``data``; non-integers are written as exact strings (``"1/5"``)."""
    out: dict = {}
    if data.name:
        out["name"] = data.name
    if data.description:
        out["description"] = data.description
    out["clean"] = [_json_point(p) for p in data.clean]
    if data.radius is not None:
        out["radius"] = _json_number(data.radius)
    else:
        out["samples"] = [[_json_point(y) for y in cluster] for cluster in data.samples]
    return out


def dump_dataset(data: DataSet) -> str:
    """The data file text for ``data`` (``load_dataset`` reads it back to an equal data set)."""
    return json.dumps(dataset_to_json(data), indent=None) + "\n"
