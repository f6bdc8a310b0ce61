"""Progress bars on standard error for the command line: a :mod:`symden.progress` listener backed by tqdm.

A bar appears only once a task has run for :data:`DELAY` seconds (short commands never draw one,
and never import tqdm); it is removed when the task ends (``leave=False``), so a terminal keeps
only the command's output, and it never writes to stdout. :func:`wanted` decides whether bars are drawn at all: not with
``--quiet``, and not when standard error is not a terminal (a pipe, a file, a CI log).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Optional

__all__ = ["DELAY", "Bar", "wanted"]

#: seconds a task runs before its bar is drawn ("long runs": solves and studies over ~2 s)
DELAY = 2.0


def wanted(quiet: bool, stream=None) -> bool:
    """True when bars should be drawn: not ``quiet`` and ``stream`` (default stderr) is a terminal."""
    stream = sys.stderr if stream is None else stream
    if quiet:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream: no bar
        return False


class Bar:
    """One task's bar, drawn from :data:`DELAY` seconds after the task starts until it ends.

    A daemon thread waits :data:`DELAY` seconds, then imports tqdm, draws the bar and redraws it
    twice a second (the elapsed time moves even while one long step runs); ``update`` records
    the steps done and redraws. A task that ends before :data:`DELAY` never draws anything.
    """

    def __init__(self, name: str, total: Optional[int], unit: str, stream=None) -> None:
        self.name, self.total, self.unit = name, total, unit
        self.stream = sys.stderr if stream is None else stream
        self.done, self.note, self.bar = 0, "", None
        self.started = time.time()  # the bar's clock starts with the task, not with the drawing
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._run, name=f"symden progress: {name}", daemon=True).start()

    def _run(self) -> None:
        if self._stop.wait(DELAY):
            return
        with self._lock:
            self._open()
        while not self._stop.wait(0.5):
            with self._lock:
                if self.bar is not None:
                    self.bar.refresh()

    def _open(self) -> None:
        """Draw the bar (under the lock), unless it is drawn already or the task has ended."""
        if self.bar is not None or self._stop.is_set():
            return
        from tqdm import tqdm  # only when a bar is really drawn

        shape = (None if self.total is not None else
                 "{desc}: {n_fmt} {unit}s [{elapsed}]{postfix}" if self.unit else "{desc} [{elapsed}]{postfix}")
        self.bar = tqdm(total=self.total, desc=f"symden: {self.name}", unit=self.unit or "it", file=self.stream,
                        leave=False, dynamic_ncols=True, bar_format=shape, delay=1e-9)
        self.bar.start_t = self.started
        self._draw()

    def _draw(self) -> None:
        self.bar.total = self.total
        self.bar.n = self.done
        if self.note:
            self.bar.set_postfix_str(self.note, refresh=False)
        self.bar.refresh()

    def update(self, done: int, total: Optional[int] = None, note: str = "") -> None:
        with self._lock:
            self.done = done
            self.total = self.total if total is None else total
            self.note = note or self.note
            if self.bar is None and time.time() - self.started >= DELAY:
                self._open()  # a step ended after DELAY: draw now rather than at the thread's next turn
            elif self.bar is not None:
                self._draw()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            if self.bar is not None:
                self.bar.close()
                self.bar = None
