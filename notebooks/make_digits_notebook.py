"""Write notebooks/digits_alignment.ipynb from its cell sources and execute it (full budget).

    python notebooks/make_digits_notebook.py [--png DIR]   # write, execute, store; --png: also save its figures

The stored outputs come from the full budget (SYMDEN_NOTEBOOK_BUDGET unset); the test suite
re-executes it with SYMDEN_NOTEBOOK_BUDGET=small. docs/theory.md section 7b.4. Not imported by
symden; a maintainer's tool.
"""

from __future__ import annotations

import base64
import os
import sys

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_notebooks import build, code, execute, md  # noqa: E402  (the other notebooks' builder, one copy)

PATH = os.path.join(HERE, "digits_alignment.ipynb")


CELLS = [
    md('''
# Trained denoisers on real images: 8x8 digits against the predicted directions

Four clean images in $\\mathbb R^{64}$ (scikit-learn's bundled 8x8 digits, one each of the classes
0, 1, 2, 3, pixels scaled to $[0,1]$, the image within each class drawn with a seeded generator),
$M = 50$ noisy samples each, uniform in the ball of radius $\\rho$ = 1/4 of the smallest distance
between clean images (so the balls are disjoint). A shallow ReLU network with the skip unit,
width 200, weight decay $10^{-3}$, is trained to map every sample to its clean image
(`symden.experiments.train.train_arrays`, full-batch Adam).

The theory (docs/theory.md section 4) predicts ReLU units along the **edges** $x_i - x_j$ of the clean
simplex or along its **facet normals** (these four images form an acute simplex, vertex angles
from 49.9° to 77.7°, so the face-aligned family is the relevant one). We measure the share
of the network's cost $\\sum_k |a_k||w_k|$ on units within $\\theta = 15°$ of a predicted line, against
nulls, and a control network trained on the same inputs with the targets shuffled.

Everything here is measured in floats on trained networks: **evidence**, not proof
(docs/theory.md section 7b.4 explains the statistic, the nulls and why they are fair).
'''),
    code('''
%matplotlib inline
import os

# "full" (the default) reproduces the stored outputs; the test suite sets "small" (docs/theory.md section 7b.5)
BUDGET = os.environ.get("SYMDEN_NOTEBOOK_BUDGET", "full")
if BUDGET not in ("full", "small"):
    raise ValueError(f"SYMDEN_NOTEBOOK_BUDGET={BUDGET!r}: expected 'full' or 'small'")
SMALL = BUDGET == "small"
print("budget:", BUDGET)'''),
    code('''
import numpy as np
from threadpoolctl import threadpool_limits   # comes with scikit-learn
from symden.experiments.digits import budget_config, run_digits, plot_digits, plot_alignment

# full: 8 seeds x (denoiser + shuffled-target control), width 200, 3000 Adam steps each;
# small: one seed, width 64, 400 steps, 20 samples (only to check that the notebook runs)
config = budget_config(BUDGET)   # the same configurations as `symden digits --budget full|small`
start = time.perf_counter()
with threadpool_limits(1):   # one BLAS thread: at these sizes more threads only contend
    result = run_digits(config)
print(f"{len(result.networks)} networks trained and measured in {time.perf_counter() - start:.1f} s")
print(config)
print(f"images {result.image_indices} of load_digits(); smallest distance {result.min_distance:.4f}, "
      f"noise radius rho = {result.radius:.4f}")'''),
    md('''
The clean images (top) and one noisy sample of each (bottom):'''),
    code('''
fig = plot_digits(result)
fig'''),
    md('''
## The statistic and its nulls

For each network: `share` is the cost share within $15°$ of a predicted line **in $\\mathbb R^{64}$**;
`share_hull` the same for the projections $Pw_k$ of the units onto the clean points' affine hull
(3-dimensional here), split into facet normals (`hull_facets`) and edges (`hull_edges`);
`in_span` the cost-weighted $|Pw_k|/|w_k|$; `mean_cos` the cost-weighted nearest $|\\cos|$ in $\\mathbb R^{64}$.
Nulls: *sphere* (directions uniform on $S^{63}$), *span* (each unit keeps its out-of-hull part and
the length of its in-hull part, the in-hull direction is uniform), *hull* (the projection's direction
uniform in the hull: the null of `share_hull`). `p` is the one-sided empirical p-value, `z` the
standardized difference (observed - null mean)/null sd.'''),
    code('''
cols = ["role", "seed", "share", "null_span_mean", "null_sphere_mean", "share_hull", "hull_facets", "hull_edges",
        "null_hull_mean", "null_hull_sd", "null_hull_p", "z_hull", "in_span", "mean_cos", "cost", "denoise_mse"]
print("  ".join(f"{c:>10.10}" for c in cols))
for row in result.rows():
    print("  ".join(f"{row[c]:>10.4g}" if isinstance(row[c], float) else f"{row[c]:>10}" for c in cols))
print(f"\\nface-aligned online interpolant at the centroid (an upper bound of the online min cost, a yardstick): "
      f"R(h_c) = {result.facet_cost:.4f}")'''),
    code('''
for role, s in result.summary().items():
    print(f"{role:9}: share in R^64 {s['share_mean']:.3f} (span null {s['null_span_mean']:.3f});  "
          f"share in the hull {s['share_hull_mean']:.3f} +- {s['share_hull_sd']:.3f} "
          f"[{s['share_hull_min']:.3f}, {s['share_hull_max']:.3f}] over {s['seeds']} seeds "
          f"(facets {s['hull_facets_mean']:.3f}, edges {s['hull_edges_mean']:.3f}); "
          f"hull null {s['null_hull_mean']:.3f} (sd {s['null_hull_sd_mean']:.3f}); "
          f"mean z {s['z_hull_mean']:.2f}, median p {s['p_hull_median']:.4f}, largest p {s['p_hull_max']:.4f}; "
          f"in_span {s['in_span']:.3f}, cost {s['cost_mean']:.3f}")'''),
    md('''
Is the in-hull conclusion an artefact of $\\theta = 15°$? The same statistic and its hull null at other
angles (from the stored per-unit angles; no retraining), averaged over the seeds:'''),
    code('''
from symden.experiments.digits import theta_sweep
sweep = theta_sweep(result)
print(f"{'role':>9} {'theta':>6} {'share_hull':>11} {'null mean':>10} {'null sd':>8} {'mean z':>7} {'median p':>9} {'max p':>7}")
for role in ("denoiser", "shuffled"):
    for theta in sorted({r["theta"] for r in sweep}):
        rs = [r for r in sweep if r["role"] == role and r["theta"] == theta]
        print(f"{role:>9} {theta:>6g} {np.mean([r['share_hull'] for r in rs]):>11.3f} {np.mean([r['null_mean'] for r in rs]):>10.3f} "
              f"{np.mean([r['null_sd'] for r in rs]):>8.3f} {np.mean([r['z'] for r in rs]):>7.2f} "
              f"{np.median([r['p'] for r in rs]):>9.4f} {max(r['p'] for r in rs):>7.4f}")'''),
    md('''
Left: the hull null of seed 0's denoiser (grey) and control (orange) and the observed in-hull shares of
every seed (the $\\mathbb R^{64}$ statistic and its span null, both 0, are in the title); right: the cost-weighted distribution of the
angle between each unit and its nearest predicted line in $\\mathbb R^{64}$ (solid) and inside the hull
(the projection $Pw_k$, hatched).'''),
    code('''
fig = plot_alignment(result)
fig'''),
    md('''
## Conclusion (from the full budget's stored run; docs/theory.md section 7b.4)

* **In $\\mathbb R^{64}$ the statistic is 0 for every network**, and so are both of its nulls (sphere and
  span): no trained unit lies within $15°$ of any predicted direction. The denoiser's units keep a sizeable
  component outside the clean points' affine hull (cost-weighted $|Pw_k|/|w_k| \\approx 0.85$, i.e. about
  $30°$ out of the hull): with 50 samples per ball in 64 dimensions the offline problem is far from the
  online (ball) one the prediction is about, and the units tilt with the samples (section 4 says so for
  offline data). As posed in $\\mathbb R^{64}$, the prediction is **not** observed.
* **Inside the hull the denoiser's directions are aligned**: over 8 seeds, $0.847 \\pm 0.045$ of the cost has
  its projection within $15°$ of a predicted line, against $0.33 \\pm 0.14$ for uniform in-hull directions
  (mean $z = 3.6$; no seed's p-value above $0.002$, and $0.0005 = 1/2001$ is the floor of 2000 draws).
  At $5°$ the share is still $0.78$ against $0.04$ ($z = 12.7$): about 80% of the cost sits within a few
  degrees of the **facet normals** (the face-aligned family the acute simplex calls for); the edges carry
  about 2%.
* **The shuffled-target control**, trained on the same inputs, memorises with its units almost
  orthogonal to the hull ($|Pw|/|w| \\approx 0.15$, cost 139 against 3.7) and sits close to its null
  inside the hull ($0.37$ against $0.33$, mean $z = 1.05$; one seed of 8 at $p = 0.0015$): the in-hull
  alignment is a property of the denoiser, not of the inputs' geometry.
* The trained cost (3.7) is far below the face-aligned *online* interpolant's 14.7: the sparse offline
  samples in 64 dimensions are much easier to interpolate than the balls, the same gap as above.
'''),
]


def main(argv):
    png_dir = None
    if "--png" in argv:
        png_dir = argv[argv.index("--png") + 1]
        os.makedirs(png_dir, exist_ok=True)
    nb = build("digits_alignment", CELLS)
    print(f"executed in {execute(nb):.1f} s")  # the full budget, this checkout first on PYTHONPATH
    nbformat.write(nb, PATH)
    if png_dir:
        k = 0
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "image/png" in data:
                    k += 1
                    with open(os.path.join(png_dir, f"digits_alignment_{k}.png"), "wb") as fh:
                        fh.write(base64.b64decode(data["image/png"]))
        print(f"{k} figures written to {png_dir}")


if __name__ == "__main__":
    main(sys.argv[1:])
