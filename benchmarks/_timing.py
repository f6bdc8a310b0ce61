"""The one timing helper the benchmarks share: the median wall time of repeated calls."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median of ``repeat`` wall-clock timings of ``fn()`` (perf_counter), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
