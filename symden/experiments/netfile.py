"""A trained network in floats, and its file formats (``.npz``; a PyTorch ``state_dict`` when torch is installed).

    h(y) = sum_k a_k [w_k . y + b_k]_+ + V y + c,       W (K x d), b (K), A (d x K), V (d x d), c (d)

the network form symden verifies (docs/theory.md section 0.1), with ``a_k = A[:, k]`` and
``w_k = W[k]``. Its cost ``sum_k |a_k| |w_k|`` is the balanced weight-decay penalty
``1/2 sum_k (|a_k|^2 + |w_k|^2)`` at its minimum over rescalings (section 1.2); biases, V and c
are free (the cost convention). A trained network is a float object: whatever is measured on it
is *evidence*; :meth:`TrainedNetwork.to_exact` is the one named, lossy door to the exact
:class:`~symden.network.ShallowNetwork` (each float rationalised).

File formats
------------
``.npz`` (numpy): arrays ``W, b, A, V, c`` with the shapes above, and optionally ``meta`` (a JSON
string: how it was trained). A PyTorch ``state_dict`` (``.pt``/``.pth``, read only when torch is
installed): by default ``hidden.weight`` (K x d) -> W, ``hidden.bias`` (K) -> b, ``out.weight``
(d x K) -> A, ``skip.weight`` (d x d) -> V, ``skip.bias`` (d) -> c, and a missing ``out.bias`` is
zero (an ``out.bias`` is added to c); ``mapping`` renames keys (``{"W": "fc1.weight", ...}``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Optional

from symden.errors import DataFileError, InvalidDataError

__all__ = ["TrainedNetwork", "load_network", "TORCH_KEYS"]

#: The default state_dict keys of each array (a user's ``mapping`` replaces any of them).
TORCH_KEYS = {"W": "hidden.weight", "b": "hidden.bias", "A": "out.weight", "V": "skip.weight", "c": "skip.bias"}


@dataclass(frozen=True, eq=False)
class TrainedNetwork:
    """A shallow ReLU network with the skip unit, in floats (numpy arrays), as training leaves it.

    >>> import numpy as np
    >>> net = TrainedNetwork(W=np.array([[1.0, 0.0]]), b=np.array([-0.5]), A=np.array([[2.0], [0.0]]),
    ...                      V=np.zeros((2, 2)), c=np.zeros(2))
    >>> net(np.array([[1.0, 3.0]])).tolist(), net.cost()
    ([[1.0, 0.0]], 2.0)
    """

    W: "numpy.ndarray"
    b: "numpy.ndarray"
    A: "numpy.ndarray"
    V: "numpy.ndarray"
    c: "numpy.ndarray"
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        import numpy as np

        arrays = {k: np.asarray(getattr(self, k), dtype=float) for k in ("W", "b", "A", "V", "c")}
        W, b, A, V, c = (arrays[k] for k in ("W", "b", "A", "V", "c"))
        if W.ndim != 2:
            raise InvalidDataError(f"W has shape {W.shape}: expected (K, d)")
        K, d = W.shape
        want = {"b": (K,), "A": (d, K), "V": (d, d), "c": (d,)}
        for name, shape in want.items():
            if arrays[name].shape != shape:
                raise InvalidDataError(f"{name} has shape {arrays[name].shape}: expected {shape} for W of shape {W.shape}")
        for name, arr in arrays.items():
            if not np.all(np.isfinite(arr)):
                raise InvalidDataError(f"{name} holds a non-finite value: a network must be finite")
            object.__setattr__(self, name, arr)

    @property
    def width(self) -> int:
        """K, the number of hidden units."""
        return self.W.shape[0]

    @property
    def dim(self) -> int:
        """d, the input and output dimension."""
        return self.W.shape[1]

    def __call__(self, Y):
        """h at float points: ``Y`` of shape (n, d) gives (n, d); for d = 1 also (n,) gives (n,)."""
        import numpy as np

        Y = np.asarray(Y, dtype=float)
        flat = Y.reshape(-1, 1) if (Y.ndim == 1 and self.dim == 1) else Y
        if flat.ndim != 2 or flat.shape[1] != self.dim:
            raise InvalidDataError(f"inputs of shape {Y.shape} do not fit a network on R^{self.dim}: pass (n, {self.dim})")
        out = np.maximum(flat @ self.W.T + self.b, 0.0) @ self.A.T + flat @ self.V.T + self.c
        return out[:, 0] if (Y.ndim == 1 and self.dim == 1) else out

    def unit_costs(self):
        """``|a_k| |w_k|`` per unit (floats): each unit's share of the balanced cost."""
        import numpy as np

        return np.linalg.norm(self.A, axis=0) * np.linalg.norm(self.W, axis=1)

    def cost(self) -> float:
        """``sum_k |a_k| |w_k|`` (a float: evidence, never a verdict)."""
        return float(self.unit_costs().sum())

    def penalty(self) -> float:
        """``1/2 sum_k (|a_k|^2 + |w_k|^2)`` for the parameters as stored (>= cost, equal when balanced)."""
        return float(0.5 * ((self.A ** 2).sum() + (self.W ** 2).sum()))

    def to_exact(self, max_denominator: int = 10**9):
        """The exact :class:`~symden.network.ShallowNetwork` of the rationalised floats (lossy, named).

        Each float becomes the nearest fraction with denominator at most ``max_denominator``
        (:func:`symden.exact.rationalize`); what is then decided exactly is decided about that
        rational network, not about the floats.
        """
        from symden.exact import rationalize
        from symden.network import ShallowNetwork, Unit

        def q(x, name):
            return rationalize(float(x), max_denominator=max_denominator, name=name)

        units = [Unit.of_exact(tuple(q(v, "A") for v in self.A[:, k]), tuple(q(v, "W") for v in self.W[k]),
                               q(self.b[k], "b")) for k in range(self.width)]
        V = tuple(tuple(q(v, "V") for v in row) for row in self.V)
        return ShallowNetwork(units=tuple(units), V=V, c=tuple(q(v, "c") for v in self.c))

    def save(self, path: str) -> None:
        """Write ``path`` as ``.npz`` (W, b, A, V, c and ``meta`` as JSON); the command line writes atomically."""
        with open(path, "wb") as fh:
            fh.write(self.to_bytes())

    def to_bytes(self) -> bytes:
        """The ``.npz`` file's bytes (for an atomic write by the command line)."""
        import io

        import numpy as np

        buffer = io.BytesIO()
        np.savez(buffer, W=self.W, b=self.b, A=self.A, V=self.V, c=self.c, meta=np.array(json.dumps(self.meta)))
        return buffer.getvalue()


def load_network(path: str, mapping: Optional[dict] = None) -> TrainedNetwork:
    """Read a trained network from ``.npz`` or from a PyTorch ``state_dict`` file (``.pt``, ``.pth``).

    ``mapping`` gives the state_dict key of any of ``W, b, A, V, c`` (defaults :data:`TORCH_KEYS`);
    a missing skip (``V``, ``c``) is an error, not a zero, because symden's convention has the skip.
    Errors are one line (:class:`~symden.errors.DataFileError`) naming the file and what is wrong.
    """
    import numpy as np

    if not os.path.exists(path):
        raise DataFileError(f"{path}: no such file")
    ext = os.path.splitext(path)[1].lower()
    if ext == ".npz":
        try:
            with np.load(path, allow_pickle=False) as f:
                missing = [k for k in ("W", "b", "A", "V", "c") if k not in f]
                if missing:
                    raise DataFileError(f"{path}: missing array(s) {', '.join(missing)}; a network file holds W, b, A, V, c")
                arrays = {k: f[k] for k in ("W", "b", "A", "V", "c")}
                meta = json.loads(str(f["meta"])) if "meta" in f else {}
        except (OSError, ValueError) as exc:
            raise DataFileError(f"{path}: not a readable .npz file ({exc})") from None
        try:
            return TrainedNetwork(**arrays, meta=meta)
        except InvalidDataError as exc:
            raise DataFileError(f"{path}: {exc}") from None
    if ext in (".pt", ".pth"):
        try:
            import torch
        except ImportError:
            raise DataFileError(f"{path}: reading a PyTorch state_dict needs torch (pip install torch); "
                                "or save the arrays W, b, A, V, c with numpy.savez") from None
        keys = dict(TORCH_KEYS, **(mapping or {}))
        try:
            state = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # torch raises many types for a bad file
            raise DataFileError(f"{path}: not a readable PyTorch file ({type(exc).__name__}: {exc})") from None
        if hasattr(state, "state_dict"):
            state = state.state_dict()
        missing = [f"{k} ({v!r})" for k, v in keys.items() if v not in state]
        if missing:
            raise DataFileError(f"{path}: state_dict has no {', '.join(missing)}; its keys are {', '.join(map(str, state))}; "
                                "pass a mapping (--map W=fc1.weight,...)")
        arrays = {k: state[v].detach().cpu().double().numpy() for k, v in keys.items()}
        if "out.bias" in state and "A" not in (mapping or {}):
            arrays["c"] = arrays["c"] + state["out.bias"].detach().cpu().double().numpy()
        try:
            return TrainedNetwork(**arrays, meta={"source": "torch state_dict", "keys": keys})
        except InvalidDataError as exc:
            raise DataFileError(f"{path}: {exc}") from None
    raise DataFileError(f"{path}: unknown network file type {ext or '(none)'!r}; use .npz (numpy) or .pt/.pth (PyTorch)")
