"""The ``symden`` command line (parsing, printing and exit codes only; no mathematics).

:mod:`symden.cli.main` holds the parser, the exit-code table, the atomic file writer and the
error handler; one module per command group adds its commands:

* :mod:`symden.cli.closed_form`: ``derive``, ``verify``, ``report``;
* :mod:`symden.cli.numeric`: ``solve`` (cvxpy, imported only by that command and ``verify --numeric``);
* :mod:`symden.cli.lemmas`: ``prove``, ``lemmas``;
* :mod:`symden.cli.generalization`: ``generalization``;
* :mod:`symden.cli.examples`: ``examples``.
"""

from symden.cli.main import (
    EXIT_BAD_INPUT,
    EXIT_CODES,
    EXIT_INCONCLUSIVE,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REFUTED,
    main,
    run,
)

__all__ = [
    "main",
    "run",
    "EXIT_OK",
    "EXIT_REFUTED",
    "EXIT_BAD_INPUT",
    "EXIT_INCONCLUSIVE",
    "EXIT_INTERNAL",
    "EXIT_CODES",
]
