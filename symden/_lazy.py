"""Lazy public names for a package (PEP 562): each loads from its module on first use, then stays.

Used by :mod:`symden`, :mod:`symden.printing` and :mod:`symden.experiments`, so that importing a
package costs only its ``__init__`` (the ``symden`` command must not load sympy, numpy or cvxpy
before it has parsed its arguments).
"""

from __future__ import annotations

__all__ = ["lazy_names"]


def lazy_names(package: str, home: dict, namespace: dict) -> tuple:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public name ``n`` lives in ``home[n]``.

    ``home[n]`` is a full module path (``"symden.data"``) or a module of the package (``"latex"``);
    a loaded value is stored in ``namespace`` (the package's globals), so it is looked up only once.
    """

    def __getattr__(name: str):
        try:
            module = home[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        # __import__ rather than importlib.import_module: it shows in python -X importtime
        path = module if module.startswith("symden.") else f"{package}.{module}"
        value = getattr(__import__(path, fromlist=[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list:
        return sorted(set(namespace) | set(namespace.get("__all__", home)))

    return __getattr__, __dir__
