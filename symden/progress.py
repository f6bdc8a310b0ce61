"""Progress of long computations, reported to whoever listens (layer 0: imports nothing of symden).

The mathematics reports its steps (a column-generation round, a level of the sphere
branch-and-bound, a probe solve, a point of a generalisation study) through :func:`task`; by
default nobody listens and a report costs one attribute look-up. The command line installs a
listener (:func:`listening`) that draws a progress bar on standard error; the mathematics never
knows about bars, terminals or tqdm.

>>> with task("column generation", total=3, unit="round") as t:  # nobody listens: nothing happens
...     for k in range(1, 4):
...         t.update(k, note=f"round {k}")
>>> seen = []
>>> class Echo:
...     def __init__(self, name, total, unit): self.name = name
...     def update(self, done, total=None, note=""): seen.append((self.name, done))
...     def close(self): seen.append((self.name, "closed"))
>>> with listening(Echo):
...     with task("probe", total=2) as t:
...         t.update(1); t.update(2)
>>> seen
[('probe', 1), ('probe', 2), ('probe', 'closed')]
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Protocol

__all__ = ["Task", "Listener", "task", "listening"]


class Task(Protocol):
    """One running computation's progress: ``update`` after each step, ``close`` at the end."""

    def update(self, done: int, total: Optional[int] = None, note: str = "") -> None:
        """``done`` steps of ``total`` (a total may change: a round limit is only an upper bound)."""

    def close(self) -> None:
        """The computation ended (normally or not); a second close does nothing."""


#: A listener makes a :class:`Task` for ``(name, total, unit)``.
Listener = Callable[[str, Optional[int], str], Task]


class _Handle:
    """What :func:`task` returns: forwards to the listener's task; a context manager that closes it."""

    __slots__ = ("_task",)

    def __init__(self, inner: Optional[Task]) -> None:
        self._task = inner

    def update(self, done: int, total: Optional[int] = None, note: str = "") -> None:
        if self._task is not None:
            self._task.update(done, total, note)

    def close(self) -> None:
        if self._task is not None:
            inner, self._task = self._task, None
            if inner in _open:
                _open.remove(inner)
            inner.close()

    def __enter__(self) -> "_Handle":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_listener: Optional[Listener] = None
_open: list = []  # the listener's tasks not closed yet (an early return skips a close): closed with the listener


def task(name: str, *, total: Optional[int] = None, unit: str = "step") -> _Handle:
    """Report the progress of one computation ``name`` of ``total`` steps (None: unknown) to the listener.

    Use it as a context manager, or call ``close()`` when done. Without a listener (the default,
    and every use of symden as a library) the task does nothing.
    """
    if _listener is None:
        return _Handle(None)
    inner = _listener(name, total, unit)
    _open.append(inner)
    return _Handle(inner)


@contextmanager
def listening(listener: Optional[Listener]) -> Iterator[None]:
    """Send the progress of every :func:`task` inside the block to ``listener`` (None: to nobody).

    Tasks still open when the block ends are closed then.
    """
    global _listener
    before, _listener = _listener, listener
    mark = len(_open)
    try:
        yield
    finally:
        _listener = before
        while len(_open) > mark:
            _open.pop().close()
