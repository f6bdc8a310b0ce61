"""Write four notebooks of this folder (quickstart, univariate_emmse, numeric_path, figure2) from their cell sources and execute them.

The digits notebook is written by its own experiment (docs/theory.md section 7b.4), not here.

    python notebooks/make_notebooks.py            # write and execute every notebook (full budget)
    python notebooks/make_notebooks.py figure2    # only the notebooks whose name contains "figure2"

The stored outputs come from the full budget (SYMDEN_NOTEBOOK_BUDGET unset); the test suite
(tests/test_notebooks.py) re-executes each notebook with SYMDEN_NOTEBOOK_BUDGET=small.
docs/theory.md section 7b.5. Not imported by symden; a maintainer's tool.
"""

from __future__ import annotations

import os
import sys
import time

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

BUDGET_CELL = '''\
%matplotlib inline
import os

# "full" (the default) reproduces the stored outputs; the test suite sets "small" (docs/theory.md section 7b.5)
BUDGET = os.environ.get("SYMDEN_NOTEBOOK_BUDGET", "full")
if BUDGET not in ("full", "small"):
    raise ValueError(f"SYMDEN_NOTEBOOK_BUDGET={BUDGET!r}: expected 'full' or 'small'")
SMALL = BUDGET == "small"
print("budget:", BUDGET)'''


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text):
    return nbformat.v4.new_code_cell(text.strip("\n"))


QUICKSTART = [
    md('''
# symden quickstart: derive, verify, print and plot a min-cost denoiser

A new user's first session in Python. Four clean points on the line, each known up to noise of
radius 1/5 (the **online** setting: the denoiser must return $x_n$ on the whole ball
$[x_n - \\rho, x_n + \\rho]$). symden derives the minimum-cost interpolating denoiser $h^*$ in
closed form, with exact rational numbers, and decides the theory's claims about it exactly
(docs/theory.md sections 0 and 3).

Budget: this notebook is fast either way; `SYMDEN_NOTEBOOK_BUDGET` only changes the plot's
resolution of the planar example below.
'''),
    code(BUDGET_CELL),
    code('''
import numpy as np
import symden
from symden import DataSet, min_cost_denoiser, verify_denoiser

data = DataSet(clean=[0, 1, 3, "7/2"], radius="1/5")   # exact numbers: "7/2", never a binary float
data'''),
    md('''
`min_cost_denoiser` detects the geometry (here univariate), builds the closed form and states how
strongly it is known to be the minimiser (its *standing*). A notebook shows the formula:'''),
    code('''
h = min_cost_denoiser(data)
h'''),
    code('''
h.cost   # exact: R(h*) = inf sum_k |a_k| |w_k| (skip unit present, biases free)'''),
    md('''
`verify_denoiser` decides every claim (interpolation, cost, optimality, uniqueness,
contractivity) in exact arithmetic. The verdict words are defined in docs/theory.md section 0.3:
**proved** means an exact argument checked exactly, never a float.'''),
    code('''
verdicts = verify_denoiser(h)
verdicts'''),
    code('''
[(v.name, v.status.value) for v in verdicts]'''),
    md('''
The same denoiser as LaTeX source, as a sympy `Piecewise`, and as a numpy function (the numpy
evaluation is the one lossy printer: floats in, floats out).'''),
    code('''
print(h.latex())'''),
    code('''
h.to_sympy()'''),
    code('''
y = np.array([-1.0, 0.1, 0.5, 2.0, 3.25, 3.6])
h(y)'''),
    md('''
A plot: $h^*$ over the data with the balls, its kinks and the clean points; `sigma` adds the
empirical MMSE denoiser of the clean points at that noise level for comparison.'''),
    code('''
from symden.printing.plot import plot_denoiser

fig = plot_denoiser(h, sigma="1/5")
display(fig)'''),
    md('''
In the plane: an obtuse triangle. The denoiser is a sum of ramps along the edges from the obtuse
vertex (docs/theory.md section 4.5); each unit's ReLU boundary is drawn with width by its cost share.'''),
    code('''
triangle = DataSet(clean=[[0, 0], [1, 0], ["-1/2", 1]], radius="1/10")   # the obtuse triangle of Figure 2
h2 = min_cost_denoiser(triangle)
display(h2)
display(verify_denoiser(h2))
display(plot_denoiser(h2, heatmap=not SMALL))'''),
    md('''
Finally a standalone LaTeX document (data, formula, cost, verdict and alignment tables), the same
as `symden derive FILE --latex-document OUT.tex`:'''),
    code('''
from symden.printing.latex import latex_document

document = latex_document(h, verdicts)
print(document)'''),
]


UNIVARIATE = [
    md('''
# The 1-D min-cost denoiser against the empirical MMSE denoiser

For clean training points $x_1<\\dots<x_N$ on the line and Gaussian noise $N(0,\\sigma^2)$, the
**empirical MMSE** (eMMSE) denoiser is the posterior mean over the training points; it memorises
them. The **min-cost** denoiser is the online closed form with radius $\\rho=\\alpha\\sigma$
(docs/theory.md section 3). Which of the two has the lower test MSE on clean test points drawn
from a distribution (here uniform on $[0,1]$) with fresh noise? docs/theory.md section 7:
at low noise the min-cost denoiser wins (its MSE is $O(\\sigma^2)$, the eMMSE's tends to
$\\mathbb E\\min_n|X-x_n|^2>0$); at high noise the eMMSE wins. `symden.generalization` computes
both MSEs on a $\\sigma$ grid, locates the crossover and decides the claim.

Budget: "full" uses 9 noise levels, 8-digit MSEs and refines the crossover by bisection (about
half a minute); "small" uses 3 levels, 4 digits, no refinement.
'''),
    code(BUDGET_CELL),
    code('''
from symden import DataSet, min_cost_denoiser
from symden.generalization import generalization_study, parse_test_distribution, sigma_grid
from symden.printing.generalization import plot_study_figure, text_study
from symden.printing.plot import plot_denoiser

data = DataSet(clean=[0, "1/4", "1/2", "3/4", 1], radius="1/20")   # the radius is ignored by the study
test = parse_test_distribution("uniform:0:1")
sigmas = sigma_grid("0.01", "0.12", 3 if SMALL else 9)
digits = 4 if SMALL else 8
print("noise levels:", ", ".join(f"{float(s):.6g}" for s in sigmas), "(exact decimals)")'''),
    md('''
The min-cost denoiser at one noise level ($\\rho=\\sigma=1/20$), drawn with the eMMSE denoiser
at the same $\\sigma$: the eMMSE curve is a smoothed staircase through the training points, the
min-cost denoiser is flat on each ball and linear between.'''),
    code('''
h = min_cost_denoiser(data)
display(h)
display(plot_denoiser(h, sigma="1/20"))'''),
    code('''
study = generalization_study(data, test, sigmas, digits=digits, refine=not SMALL)
print(text_study(study))'''),
    code('''
display(plot_study_figure(study))'''),
    md('''
## The verdict word: **evidence**

The claim "the min-cost denoiser has the lower test MSE below the crossover" is reported as
**evidence**, not **proved** or **certified** (docs/theory.md section 0.3). The min-cost MSE is a
rigorous enclosure (interval arithmetic), but the eMMSE MSE is a quadrature *estimate* (mpmath's
error estimate plus a rigorous tail bound): its error bar is not a proof. Separated bars at every
grid $\\sigma$ below the crossover are therefore numerical evidence for the claim, on this grid
only; symden never upgrades an estimate to a verdict that holds.'''),
    code('''
v = study.verdict
print(v.name, "->", v.status.value)
print(v.detail)
x = study.crossover
print(f"crossover ({x.kind}): sigma in [{float(x.lo):.10g}, {float(x.hi):.10g}]" if x.lo is not None else f"crossover: {x.kind}")'''),
]


NUMERIC = [
    md('''
# The numeric path: data no theorem covers

The closed forms of docs/theory.md section 4 cover points on a line, orthogonal or non-acute rays
and simplices. Four points at the corners of the **unit square** and **five points** in general
position fit none of them. For such data symden solves the convex representation-cost program
(online balls in the plane: docs/theory.md section 6b) and returns a **certified interval**
$[\\text{lower},\\text{upper}]$ for $\\min R$: the lower end from weak duality with exactly projected
dual weights and a rigorous bound on $\\sup|\\eta|$, the upper end the exact cost of an exact
network that is checked to equal $x_n$ on every whole ball. `symden.explore` then describes that
network: its units grouped by direction with their alignment to data edges, an exact
decomposition when there is one, and every closed-form family against the interval
(docs/theory.md section 6c).

Budget: both budgets solve the same two programs (about two seconds in all); "small" skips the
heat maps.
'''),
    code(BUDGET_CELL),
    code('''
from symden import DataSet, min_cost_denoiser
from symden.errors import SymdenError
from symden.verify.numeric import solve_program
from symden.printing.text import text_solution

square = DataSet(clean=[[0, 0], [1, 0], [0, 1], [1, 1]], radius="1/10")
try:
    min_cost_denoiser(square)
except SymdenError as exc:          # no closed form: the message says which condition failed
    print(type(exc).__name__ + ":", exc)'''),
    code('''
solution = solve_program(square)
print(text_solution(solution))'''),
    md('''
The interval is **certified**: both ends are rigorous (the floats of the solver only propose the
candidate; the exact network and the dual bound decide). Its ends as exact numbers:'''),
    code('''
print("status:", solution.status.value)
print("lower:", solution.lower, " ~", float(solution.lower))
print("upper:", solution.upper, " ~", float(solution.upper))
print("relative width:", float((solution.upper - solution.lower) / solution.upper))'''),
    code('''
from symden.explore import explore
from symden.printing.exploration import text_exploration

print(text_exploration(explore(square, solution=solution)))'''),
    md('''
The square's certified denoiser is two 1-D denoisers, one per axis (the decomposition above is
decided exactly on the exact network). Its network: each unit's ReLU boundary, width by cost share.'''),
    code('''
from symden.printing.plot import plot_solution

display(plot_solution(solution, name="unit square"))
if not SMALL:
    display(plot_solution(solution, name="unit square", heatmap=True))'''),
    md('''
## Five points in general position'''),
    code('''
five = DataSet(clean=[[0, 0], [1, 0], ["0.3", "0.9"], ["-0.4", "0.5"], ["0.8", "1.1"]], radius="1/10")
solution5 = solve_program(five)
print("status:", solution5.status.value, "with", len(solution5.network.units), "units in the exact network")
print("min R in [%.9f, %.9f]" % (float(solution5.lower), float(solution5.upper)))
print(text_exploration(explore(five, solution=solution5)))'''),
    code('''
display(plot_solution(solution5, name="five points"))'''),
    md('''
The interval is certified as for the square. The exact network's coefficients have hundreds of
digits, so its exact cost is given by the interval's rigorous upper end only: the exact square
roots of its units' costs are beyond what sympy factors (`explore` says so in a note), and the
cost shares above are floats, for display.

What is and is not claimed: the interval for $\\min R$ is certified; the program's network attains
its upper end exactly; the angles and cost shares printed above are floats for display. The
program does not prove that the minimiser is unique (docs/theory.md sections 6b.6 and 6b.7).'''),
]

FIGURE2 = [
    md("""
# Figure 2: trained networks against the min-cost denoiser

The paper's Figure 2: $N=3$ clean points in the plane (an obtuse and an equilateral triangle),
$M=100$ noisy samples of each drawn uniformly from the ball of radius $1/10$ around it, a shallow
ReLU network of width $K=200$ with the skip unit trained with weight decay $10^{-5}$. The
prediction is the online min-cost denoiser $h^*$ of the balls: ReLU boundaries perpendicular to
the edges from the obtuse vertex (edge-aligned, docs/theory.md section 4.5) and parallel to the
edges of the equilateral triangle (face-aligned, section 4.6).

`symden.experiments.figure2` trains both networks (`symden.experiments.train`, full-batch Adam with
numpy gradients) and measures them against $h^*$ (`symden.experiments.compare`). Everything
measured on a trained network is **evidence** (floats), never a proof (docs/theory.md section 7b).

Budget: "full" trains 100000 steps per triangle (the trainer's default; about 45 s each on a 2-core machine);
"small" trains 2000 steps (about a second each), far from converged: its numbers do not reach the
targets and are not the figure's.
"""),
    code(BUDGET_CELL),
    code("""
from symden.experiments.figure2 import figure2

fig, results = figure2(width=200, weight_decay=1e-5, samples=100, seed=0, budget=BUDGET)
display(fig)"""),
    code("""
print(results.caption())"""),
    md("""
The measured numbers (floats: evidence). `sup_distance` is $\\sup|h-h^*|$ over points in the balls
and on their boundaries, `grid_sup_distance` over a grid on the data's bounding box enlarged by
one half; the aligned shares are the shares of the trained cost $\\sum_k|a_k||w_k|$ on units whose
line of $w_k$ is within 2 or 5 degrees of a predicted direction."""),
    code("""
keys = ["sup_distance", "rms_distance", "grid_sup_distance", "cost", "predicted_cost", "cost_ratio",
        "aligned_share_2deg", "aligned_share_5deg", "train_seconds"]
summary = results.summary()
print(f"{'':20s}" + "".join(f"{shape:>14s}" for shape in summary))
for key in keys:
    print(f"{key:20s}" + "".join(f"{summary[shape][key]:14.5g}" for shape in summary))"""),
    md("""
The issue's targets for this experiment: at least 80% of the trained cost within 5 degrees of
the predicted directions and a cost within 5% of $R(h^*)$. The check below is on floats, so
what it prints is evidence about these two trained networks, not a verdict about training."""),
    code("""
for shape in results.shapes:
    c = results[shape]
    ok = c.aligned_share_5deg >= 0.8 and abs(c.cost_ratio - 1) <= 0.05
    print(f"{shape:12s} within 5 deg {c.aligned_share_5deg:6.1%}, cost ratio {c.cost_ratio:.3f}: "
          f"{'meets' if ok else 'misses'} the targets (evidence, {results.config.steps} steps)")"""),
    md("""
The full comparison of each trained network (`symden compare NET FILE` prints the same), and its
plot: trained boundaries solid, width by cost share, over the predicted ones dashed."""),
    code("""
from symden.printing.experiments import plot_comparison, text_comparison

for shape in results.shapes:
    print(text_comparison(results[shape]))
    print()
    display(plot_comparison(results[shape]))"""),
]


NOTEBOOKS = {"quickstart": QUICKSTART, "univariate_emmse": UNIVARIATE, "numeric_path": NUMERIC, "figure2": FIGURE2}


def build(name: str, cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def execute(nb: nbformat.NotebookNode, budget: str = "full") -> float:
    env = dict(os.environ, PYTHONPATH=ROOT, SYMDEN_NOTEBOOK_BUDGET=budget)
    env.pop("MPLBACKEND", None)
    t0 = time.perf_counter()
    # the kernel's environment is passed to start_kernel: PYTHONPATH first, so the kernel imports
    # this checkout's symden even when another one is installed (editable) in the environment
    NotebookClient(nb, kernel_name="python3", timeout=900, resources={"metadata": {"path": HERE}}).execute(env=env)
    return time.perf_counter() - t0


def main(argv: list) -> None:
    sys.path.insert(0, HERE)
    table = dict(NOTEBOOKS)
    for name, cells in table.items():
        if argv and not any(a in name for a in argv):
            continue
        nb = build(name, cells)
        seconds = execute(nb)
        for c in nb.cells:  # timestamps only churn the diff
            c.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, os.path.join(HERE, f"{name}.ipynb"))
        print(f"{name}: executed in {seconds:.1f} s (full budget)")


if __name__ == "__main__":
    main(sys.argv[1:])
