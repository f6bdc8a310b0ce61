"""The proof machinery shared by every lemma: checked steps and the verdict record.

A lemma's proof is a :class:`Derivation`: a list of steps, each a claim (an identity
``lhs = rhs``, or a sign condition ``expr >= 0`` / ``expr > 0``) that the derivation
*checks* when it records it:

* an identity holds when ``sympy.simplify(lhs - rhs) == 0``;
* a sign condition holds when sympy's assumption system decides it from the
  symbols' declared assumptions (``positive=True``, ``nonnegative=True``), after
  simplifying and factoring. Every lemma encodes its hypotheses through such
  assumptions, usually by *slack variables*: ``rho < D/2`` becomes ``D = 2*rho + delta``
  with ``delta > 0`` (no symbol is named ``e``, which would read as Euler's number). So every assignment of values that respects the assumptions is an
  admissible instance of the lemma.

When a step cannot be shown, the derivation looks for a counterexample: it substitutes
a few admissible exact values (including the boundary value 0 of a non-negative
symbol) and evaluates the claim exactly. A claim that is false at an admissible point
makes the verdict REFUTED with that point as the counterexample; a claim that is
neither shown nor refuted makes it INCONCLUSIVE. This is the same machinery that
proves the true lemmas and refutes their deliberately false variants.

Every step carries two captions: ``text``, plain ASCII for terminals (``symden prove --steps``), and
``latex_text``, the same sentence for the proofs document, LaTeX text mode with its math in ``$...$``.
Two hand-written captions rather than a converter from ASCII math: which words of a sentence are
math (``a v^T/g``, ``|eta| <= 1``, ``TV(f')``) is not decidable from the string, and a converter that guesses
typesets prose as math or the reverse; a missing ``latex_text`` falls back to the escaped ``text``.

Verdicts: PROVED for a proof in the scope stated by ``LemmaResult.scope`` ("general
parameters", or "the family ...", or "the instances ..."); CERTIFIED is never used here
(it means a numeric certificate, docs/theory.md status tags).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

import sympy

from symden.errors import UsageError
from symden.records import Status

__all__ = ["Step", "LemmaResult", "Derivation", "relu", "held", "GENERAL"]

#: The scope string of a proof in general symbolic parameters.
GENERAL = "general parameters"


def unknown_variant(variant: str, variants: dict) -> UsageError:
    """The error for a lemma variant that does not exist (the message lists the known ones)."""
    return UsageError(f"variant = {variant!r}: unknown; the variants are {', '.join(variants)}")


def relu(z: sympy.Expr) -> sympy.Expr:
    """``[z]_+`` written as ``(z + |z|)/2``, so that sympy's Abs rules (``|g z| = g|z|`` for
    ``g > 0``) apply and identities between ReLU expressions simplify."""
    return (z + sympy.Abs(z)) / 2


def held(build: Callable[[], Any]) -> Any:
    """Build an expression without sympy's automatic evaluation, so a step shows its left side as
    written (``|s - 0| + |0 - s|``, not ``2 s``); the check still simplifies it."""
    with sympy.evaluate(False):
        return build()


@dataclass(frozen=True)
class Step:
    """One recorded step: a sentence, a sympy expression or relation, and whether it was checked.

    ``kind`` is ``"note"`` (a definition or a computed value, nothing claimed), ``"eq"``,
    ``"ge0"`` or ``"gt0"`` (a claim, checked), or ``"fact"`` (a claim decided by exact
    evaluation, e.g. a finite list of endpoint values). A note's ``expr`` may be None (text only,
    e.g. notation). ``latex_text`` is the caption for the LaTeX
    document (text mode, math in ``$...$``); empty means "escape ``text``".
    """

    text: str
    expr: Any
    kind: str = "note"
    holds: Optional[bool] = None
    latex_text: str = ""


@dataclass(frozen=True)
class LemmaResult:
    """The verdict of one lemma's proof.

    Attributes
    ----------
    name, statement, latex_statement
        The lemma's registry name, its statement in plain text, and in LaTeX.
    status
        PROVED, REFUTED or INCONCLUSIVE (never CERTIFIED).
    scope
        ``"general parameters"``, or the family / instances actually proved.
    steps
        The derivation's :class:`Step` records, in order.
    seconds
        Wall time of the proof.
    detail
        One sentence: what was proved, or which step failed and why.
    counterexample
        When refuted: the admissible values at which the failing step is false.
    latex_text, latex_scope, latex_detail
        The statement, scope and detail as LaTeX text (math in ``$...$``) for the proofs document;
        empty means "escape the plain text".
    """

    name: str
    statement: str
    latex_statement: str
    status: Status
    scope: str
    steps: tuple
    seconds: float
    detail: str = ""
    counterexample: Optional[Mapping[str, str]] = None
    latex_text: str = ""
    latex_scope: str = ""
    latex_detail: str = ""

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED


def _candidates(sym: sympy.Symbol) -> list:
    if sym.is_positive:
        return [sympy.Integer(1), sympy.Rational(1, 3), sympy.Integer(3), sympy.Rational(7, 2)]
    if sym.is_nonnegative:
        return [sympy.Integer(0), sympy.Integer(1), sympy.Rational(1, 3), sympy.Integer(3)]
    return [sympy.Integer(1), sympy.Integer(-2), sympy.Integer(0), sympy.Rational(1, 3), sympy.Integer(3)]


def _assignments(symbols: list, limit: int = 96):
    """A bounded, deterministic set of admissible exact assignments of ``symbols``."""
    symbols = sorted(symbols, key=lambda s: s.name)
    pools = [_candidates(s) for s in symbols]
    # the "diagonal" choices first (every symbol at its k-th candidate), then the product
    seen = 0
    for k in range(4):
        yield {s: pool[min(k, len(pool) - 1)] for s, pool in zip(symbols, pools)}
    for combo in itertools.product(*pools):
        if seen >= limit:
            return
        seen += 1
        yield dict(zip(symbols, combo))


def _evaluated(expr: Any) -> Any:
    """``expr`` with sympy's automatic evaluation applied (undoes :func:`held`); other objects unchanged."""
    return expr.doit() if isinstance(expr, (sympy.Basic, sympy.MatrixBase)) else expr


def _nonneg(expr: sympy.Expr, strict: bool) -> Optional[bool]:
    """Decide ``expr >= 0`` (``> 0`` when strict) from the symbols' assumptions, or None."""
    forms = [expr]
    try:
        simple = sympy.simplify(expr)
        forms += [simple, sympy.factor(sympy.together(simple))]
    except Exception:  # pragma: no cover - sympy internals
        pass
    for f in forms:
        verdict = f.is_positive if strict else f.is_nonnegative
        if verdict is not None:
            return verdict
        num, den = sympy.fraction(sympy.together(f))
        sn = num.is_positive if strict else num.is_nonnegative
        if sn is not None and den.is_positive:
            return sn
    return None


class Derivation:
    """A checked derivation: record steps; the first failing claim decides the verdict.

    Parameters
    ----------
    name
        The lemma's registry name.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list = []
        self.failure: Optional[str] = None
        self.counterexample: Optional[dict] = None
        self.undecided: Optional[str] = None
        self.failed_step: Optional[Step] = None
        self._start = time.perf_counter()

    # -- recording ------------------------------------------------------------
    @property
    def ok(self) -> bool:
        return self.failure is None and self.undecided is None

    def note(self, text: str, expr: Any, *, tex: str = "") -> Any:
        """Record a definition or computed value (nothing claimed); ``tex`` is the LaTeX caption."""
        self.steps.append(Step(text, expr, "note", None, tex))
        return expr

    def define(self, text: str, lhs: Any, rhs: Any, *, tex: str = "") -> Any:
        """Record ``lhs := rhs`` as a definition; returns rhs."""
        self.steps.append(Step(text, sympy.Eq(lhs, rhs, evaluate=False), "note", None, tex))
        return rhs

    def equal(self, text: str, lhs: Any, rhs: Any, *, shown: Any = None, tex: str = "") -> bool:
        """Claim ``lhs = rhs``; checked by ``simplify(lhs - rhs) == 0`` (``shown``: a compact relation to display)."""
        if shown is not None:
            ok = self.equal(text, lhs, rhs, tex=tex)
            last = self.steps.pop()
            self.steps.append(Step(last.text, shown, last.kind, last.holds, last.latex_text))
            if self.failed_step is last:
                self.failed_step = self.steps[-1]
            return ok
        shown_rel = sympy.Eq(lhs, rhs, evaluate=False)
        # a side built by held() is shown as written but checked evaluated (doit rebuilds it with evaluation)
        lhs, rhs = _evaluated(lhs), _evaluated(rhs)
        if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
            diff = sympy.simplify(sympy.Matrix(lhs) - sympy.Matrix(rhs))
            return self._record(text, shown_rel, "eq", bool(diff.is_zero_matrix) or None,
                                lambda at: any(sympy.simplify(entry.subs(at)) != 0 for entry in diff), tex)
        diff = sympy.simplify(lhs - rhs)
        holds = diff == 0
        if not holds:
            holds = sympy.simplify(sympy.expand(sympy.together(diff))) == 0
        return self._record(text, shown_rel, "eq", holds,
                            lambda at: sympy.simplify((lhs - rhs).subs(at)) != 0, tex)

    def nonnegative(self, text: str, expr: Any, *, rel: Any = None, tex: str = "") -> bool:
        """Claim ``expr >= 0`` under the symbols' assumptions (``rel``: the relation to show)."""
        shown = _nonneg(expr, strict=False)
        return self._record(text, rel if rel is not None else sympy.GreaterThan(expr, 0, evaluate=False), "ge0",
                            shown, lambda at: bool(sympy.simplify(expr.subs(at)) < 0), tex)

    def positive(self, text: str, expr: Any, *, rel: Any = None, tex: str = "") -> bool:
        """Claim ``expr > 0`` under the symbols' assumptions."""
        shown = _nonneg(expr, strict=True)
        return self._record(text, rel if rel is not None else sympy.StrictGreaterThan(expr, 0, evaluate=False), "gt0",
                            shown, lambda at: bool(sympy.simplify(expr.subs(at)) <= 0), tex)

    def fact(self, text: str, expr: Any, holds: bool, *, counterexample: Optional[dict] = None, tex: str = "") -> bool:
        """Record a claim decided by exact evaluation (e.g. a finite list of endpoint values)."""
        self.steps.append(Step(text, expr, "fact", bool(holds), tex))
        if not holds and self.ok:
            self.failure = text
            self.failed_step = self.steps[-1]
            self.counterexample = counterexample or {}
        return bool(holds)

    def _record(self, text: str, rel: Any, kind: str, holds: Optional[bool],
                false_at: Callable[[dict], bool], tex: str = "") -> bool:
        if holds is None or holds is False:
            # look for an admissible point where the claim is false
            free = sorted(getattr(rel, "free_symbols", set()), key=lambda s: s.name)
            for at in _assignments(free):
                try:
                    bad = false_at(at)
                except (TypeError, ZeroDivisionError, ValueError):
                    continue
                if bad:
                    self.steps.append(Step(text, rel, kind, False, tex))
                    if self.ok:
                        self.failure = text
                        self.failed_step = self.steps[-1]
                        self.counterexample = {str(k): sympy.sstr(v) for k, v in at.items()}
                    return False
            self.steps.append(Step(text, rel, kind, None, tex))
            if self.ok:
                self.undecided = text
                self.failed_step = self.steps[-1]
            return False
        self.steps.append(Step(text, rel, kind, True, tex))
        return True

    # -- the verdict ----------------------------------------------------------
    def result(self, *, statement: str, latex_statement: str, scope: str, proved_detail: str,
               latex_text: str = "", latex_scope: str = "", latex_detail: str = "") -> LemmaResult:
        """The verdict; ``latex_text``, ``latex_scope``, ``latex_detail``: the statement, scope and
        proved-detail sentences for the LaTeX document (math in ``$...$``)."""
        seconds = time.perf_counter() - self._start
        failed_tex = ""
        if self.failed_step is not None and self.failed_step.latex_text:
            failed_tex = self.failed_step.latex_text
        if self.failure is not None:
            status, detail = Status.REFUTED, f"step refuted: {self.failure}"
            latex_detail = "step refuted: " + failed_tex if failed_tex else ""
        elif self.undecided is not None:
            status, detail = Status.INCONCLUSIVE, f"step not decided: {self.undecided}"
            latex_detail = "step not decided: " + failed_tex if failed_tex else ""
        else:
            status, detail = Status.PROVED, proved_detail
        return LemmaResult(
            name=self.name, statement=statement, latex_statement=latex_statement, status=status,
            scope=scope, steps=tuple(self.steps), seconds=seconds, detail=detail,
            counterexample=self.counterexample, latex_text=latex_text, latex_scope=latex_scope,
            latex_detail=latex_detail,
        )


def print_result(result: LemmaResult, *, out: Callable[[str], None] = print) -> None:
    """Print a lemma's statement, its derivation's key steps (plain and LaTeX) and its verdict."""
    out(f"Lemma {result.name}: {result.statement}")
    out(f"  LaTeX: {result.latex_statement}")
    for k, step in enumerate(result.steps, 1):
        mark = {True: "ok", False: "FAILS", None: "?" if step.kind != "note" else "  "}[step.holds]
        out(f"  {k:2d}. [{mark:>5}] {step.text}")
        if step.expr is not None:
            out(f"        {sympy.sstr(step.expr)}")
            out(f"        $ {sympy.latex(step.expr)} $")
    out(f"verdict: {result.status.value} ({result.scope}) in {result.seconds:.2f} s: {result.detail}")
    if result.counterexample:
        out("counterexample: " + ", ".join(f"{k} = {v}" for k, v in result.counterexample.items()))


def main_for(prove: Callable[[], LemmaResult]) -> int:
    """The body of each lemma module's ``main()``: prove, print, return an exit code (0/1/3)."""
    result = prove()
    print_result(result)
    return {Status.PROVED: 0, Status.REFUTED: 1}.get(result.status, 3)
