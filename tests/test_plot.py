"""Pictures (``symden plot``, ``generalization --plot``): what is drawn is the mathematics, read back from the figure.

Floats appear only because a figure is floats; every comparison below is exact (a float is an
exact binary rational, ``mpq(x)``), against a tolerance derived from the rounding of the drawn
coordinates, not chosen.
"""

from __future__ import annotations

import mpmath
import pytest
from gmpy2 import mpq

from symden.cli import EXIT_BAD_INPUT, EXIT_OK, main
from symden.closed_forms import min_cost_denoiser
from symden.data import DataSet
from symden.examples import EXAMPLES
from symden.exact import exact_sum, to_float
from symden.printing.plot import boundary_segment, figure_bytes, plot_denoiser

#: one unit in the last place of a float of magnitude < 1, as an exact rational: a float x is the
#: nearest double to an exact value t, so |x - t| <= 2^-53 |t| <= 2^-52 |x|
ULP = mpq(1, 2**52)

U1 = '{"clean": [0, 1, 3, 3.5], "radius": "1/5", "name": "U1"}'
TETRA = DataSet(clean=[[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], radius="1/10", name="tetra")


def _main(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _file(tmp_path, text=U1, name="data.json"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _lines(fig, prefix):
    return {ln.get_gid(): ln for ax in fig.axes for ln in ax.get_lines() if (ln.get_gid() or "").startswith(prefix)}


def _close(fig) -> None:
    import matplotlib.pyplot as plt

    plt.close(fig)


def _upper(x) -> mpq:
    """A rational >= |x| (x exact): its float plus one ulp of it."""
    f = abs(to_float(x))
    return mpq(f) * (1 + 2 * ULP) + mpq(1, 2**1000)


# -- files and errors --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-"), ("svg", b"<?xml")])
def test_the_command_writes_each_format(tmp_path, capsys, fmt, magic):
    out = tmp_path / "sub" / f"u1.{fmt}"
    code, text, err = _main(["plot", _file(tmp_path), "--out", out], capsys)
    assert code == EXIT_OK and err == ""
    assert text == f"plot of the univariate closed form written to {out}\n"
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 5000
    if fmt == "svg":
        assert b"<svg" in data


def test_svg_bytes_are_reproducible():
    h = min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10"))
    assert figure_bytes(plot_denoiser(h), "svg") == figure_bytes(plot_denoiser(h), "svg")


@pytest.mark.slow
def test_pdf_bytes_are_reproducible():
    h = min_cost_denoiser(DataSet(clean=[0, 1], radius="1/10"))
    assert figure_bytes(plot_denoiser(h), "pdf") == figure_bytes(plot_denoiser(h), "pdf")


@pytest.mark.parametrize("name", ["u1.jpg", "u1", "u1.png.txt"])
def test_an_unknown_extension_exits_2_and_writes_nothing(tmp_path, capsys, name):
    code, out, err = _main(["plot", _file(tmp_path), "--out", tmp_path / name], capsys)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.startswith("symden: error: ") and "unknown figure extension" in err and ".png, .pdf, .svg" in err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]


def test_an_unwritable_path_exits_2_and_writes_nothing(tmp_path, capsys):
    blocker = _file(tmp_path, "x", "blocker")
    code, out, err = _main(["plot", _file(tmp_path), "--out", blocker / "u1.png"], capsys)
    assert code == EXIT_BAD_INPUT and out == "" and err.startswith(f"symden: error: cannot write {blocker / 'u1.png'}: ")
    assert blocker.read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["blocker", "data.json"]


@pytest.mark.parametrize("text, fragment", [
    ('{"clean": [0, 0], "radius": "1/10"}', "are the same point"),
    ('{"clean": [0, 1], "radius": "-1/10"}', "radius must be positive"),
    ('{"clean": [0, 1], "radius": "2/3"}', "balls of clean[0] = 0 and clean[1] = 1 meet"),
    ('{"clean": [0, 1], "radius": "1/10"', "malformed JSON"),
])
def test_bad_data_exits_2_and_writes_nothing(tmp_path, capsys, text, fragment):
    target = tmp_path / "out.png"
    code, out, err = _main(["plot", _file(tmp_path, text), "--out", target], capsys)
    assert code == EXIT_BAD_INPUT and out == "" and err.count("\n") == 1 and fragment.lower() in err.lower()
    assert not target.exists()


def test_options_for_another_dimension_exit_2(tmp_path, capsys):
    square = _file(tmp_path, '{"clean": [[0, 0], [1, 0], [0, 1]], "radius": "1/10"}', "tri.json")
    code, _, err = _main(["plot", square, "--sigma", "1/10", "--out", tmp_path / "t.png"], capsys)
    assert code == EXIT_BAD_INPUT and "1-D" in err
    code, _, err = _main(["plot", _file(tmp_path), "--heatmap", "--out", tmp_path / "t.png"], capsys)
    assert code == EXIT_BAD_INPUT and "--heatmap draws |h(y) - y| over the plane" in err
    assert not (tmp_path / "t.png").exists()


def test_the_generalization_plot_refuses_an_unknown_extension_before_the_study(tmp_path, capsys):
    code, out, err = _main(["generalization", _file(tmp_path), "--test-distribution", "uniform:0:4",
                            "--sigma", "0.01:0.01:1", "--plot", tmp_path / "g.gif"], capsys)
    assert code == EXIT_BAD_INPUT and out == "" and "unknown figure extension .gif" in err


# -- 1-D: the drawn graph is h -----------------------------------------------------------------


@pytest.mark.parametrize("data", [
    DataSet(clean=[0, 1, 3, "3.5"], radius="1/5", name="U1"),
    EXAMPLES["U3"].data,
    DataSet(clean=["-1/3", "2/7", 5], samples=[["-1/2", "-1/3"], ["2/7", "3/7", "1/5"], [5, "51/10"]]),
])
def test_the_1d_graph_is_h_at_every_vertex_and_kinks_are_vertices(data):
    h = min_cost_denoiser(data)
    fig = plot_denoiser(h, sigma="1/10")
    (line,) = _lines(fig, "h").values()
    xs, ys = [mpq(float(x)) for x in line.get_xdata()], [mpq(float(y)) for y in line.get_ydata()]
    # the theorem's own breakpoint function (built independently of the network that was drawn)
    f = h.function
    slope = max(abs(s) for s in f.slopes())
    for x, y in zip(xs, ys):
        # the vertex is (fl(t), fl(h(t))) for an exact t: |y - h(x)| <= ulp |y| + slope ulp |x|, both doubled
        assert abs(y - f(x)) <= 2 * ULP * (abs(y) + slope * abs(x) + 1), (x, y, f(x))
    # every kink of h inside the view is a vertex, so the polyline is h between them, not an approximation
    lo, hi = xs[0], xs[-1]
    assert xs == sorted(xs) and lo < min(mpq(float(t)) for t in f.knots) and hi > max(mpq(float(t)) for t in f.knots)
    assert {float(t) for t in f.knots} <= set(line.get_xdata())
    # the eMMSE overlay is an average of the clean points: between them and increasing
    (em,) = [ln for ln in fig.axes[0].get_lines() if "empirical MMSE" in str(ln.get_label())]
    v = list(em.get_ydata())
    lo_x, hi_x = min(to_float(c[0]) for c in data.clean), max(to_float(c[0]) for c in data.clean)
    assert all(lo_x - 1e-12 <= a <= hi_x + 1e-12 for a in v) and all(a <= b + 1e-12 for a, b in zip(v, v[1:]))
    _close(fig)


# -- 2-D: the drawn boundaries are the units' lines, widths follow the cost ----------------------


def _check_boundaries(fig, net):
    lines = _lines(fig, "boundary ")
    assert sorted(lines) == sorted(f"boundary {k + 1}" for k in range(len(net.units)))
    ax = fig.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    costs = [u.cost() for u in net.units]
    widths = [lines[f"boundary {k + 1}"].get_linewidth() for k in range(len(net.units))]
    drawn = 0
    for k, u in enumerate(net.units):
        xd, yd = lines[f"boundary {k + 1}"].get_xdata(), lines[f"boundary {k + 1}"].get_ydata()
        if len(xd) == 0:
            continue
        drawn += 1
        assert len(xd) == 2
        for px, py in zip(xd, yd):
            p = (mpq(float(px)), mpq(float(py)))
            residual = exact_sum(wi * pi for wi, pi in zip(u.w, p)) + u.b
            bound = 2 * ULP * sum(_upper(wi) * abs(pi) for wi, pi in zip(u.w, p))
            assert -bound <= residual <= bound, (k, p, to_float(residual))
            # an end point lies on the view's edge (the line is clipped to the view, not shortened)
            assert x0 - 1e-12 <= px <= x1 + 1e-12 and y0 - 1e-12 <= py <= y1 + 1e-12
            assert min(abs(px - x0), abs(px - x1), abs(py - y0), abs(py - y1)) <= 1e-12
    assert drawn >= 1
    # widths order like the exact costs (ties equal), and are proportional above the floor
    top = max(widths)
    for k in range(len(costs)):
        for j in range(len(costs)):
            if costs[k] < costs[j]:
                assert widths[k] <= widths[j]
            elif costs[k] == costs[j]:
                assert widths[k] == widths[j]
    big = max(range(len(costs)), key=lambda k: widths[k])
    for k in range(len(costs)):
        if widths[k] > 0.3:
            assert abs(widths[k] / top - to_float(costs[k]) / to_float(costs[big])) <= 1e-12


@pytest.mark.parametrize("name", ["M3", "M4", "M1"])
def test_2d_boundaries_satisfy_w_y_plus_b_and_widths_follow_cost_shares(name):
    h = min_cost_denoiser(EXAMPLES[name].data)
    fig = plot_denoiser(h)
    _check_boundaries(fig, h.network)
    legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    if name == "M3":  # edge-aligned: the legend names the edges from the exact alignment table
        assert r"$w_{1}$ $\parallel x_{0}x_{1}$" in legend and r"$w_{3}$ $\parallel x_{0}x_{2}$" in legend
    _close(fig)


def test_the_heat_map_shows_the_displacement_norm():
    import numpy as np

    data = EXAMPLES["M3"].data
    h = min_cost_denoiser(data)
    fig = plot_denoiser(h, heatmap=True)
    (im,) = fig.axes[0].get_images()
    values = np.asarray(im.get_array())
    x0, x1, y0, y1 = im.get_extent()
    n = values.shape[0]
    # pixel centres: the extent is the outer edge of the n x n pixels
    gx, gy = np.meshgrid(x0 + (x1 - x0) / n * (np.arange(n) + 0.5), y0 + (y1 - y0) / n * (np.arange(n) + 0.5))
    # on the ball around x_n, h(y) = x_n, so |h(y) - y| = |y - x_n|: the drawn value is that distance
    inside = 0
    rho = to_float(data.radius)
    for x in data.clean:
        c = (to_float(x[0]), to_float(x[1]))
        dist = np.hypot(gx - c[0], gy - c[1])
        ball = dist <= rho * (1 - 1e-9)
        inside += int(ball.sum())
        assert np.all(np.abs(values[ball] - dist[ball]) <= 1e-12)
    assert inside > 100
    assert fig.axes[1].get_ylabel() == r"$\|h(y) - y\|$"
    _close(fig)


def test_boundary_segment_is_exact_and_none_outside():
    view = (mpq(0), mpq(1), mpq(0), mpq(1))
    assert boundary_segment((mpq(1), mpq(1)), mpq(-1), view) == ((mpq(0), mpq(1)), (mpq(1), mpq(0)))
    assert boundary_segment((mpq(1), mpq(0)), mpq(-2), view) is None
    assert boundary_segment((mpq(1), mpq(1)), mpq(0), view) is None  # touches one corner only


@pytest.mark.slow
def test_m6_and_m5_boundaries_and_distinct_widths():
    for name in ("M5", "M6"):
        h = min_cost_denoiser(EXAMPLES[name].data)
        fig = plot_denoiser(h)
        _check_boundaries(fig, h.network)
        _close(fig)


@pytest.mark.slow
def test_without_a_closed_form_the_program_network_is_drawn(tmp_path, capsys):
    from symden.printing.plot import plot_solution
    from symden.verify.numeric import solve_program

    square = DataSet(clean=[[0, 0], [1, 0], [0, 1], [1, 1]], radius="1/10", name="square")
    solution = solve_program(square)
    fig = plot_solution(solution)
    assert "program (certified interval [" in fig.axes[0].get_title()
    _check_boundaries(fig, solution.network.merged())
    _close(fig)
    path = _file(tmp_path, '{"clean": [[0, 0], [1, 0], [0, 1], [1, 1]], "radius": "1/10"}', "square.json")
    code, out, _ = _main(["plot", path, "--out", tmp_path / "sq.svg"], capsys)
    assert code == EXIT_OK and "online group lasso" in out and (tmp_path / "sq.svg").exists()


# -- d >= 3: the alignment bars ----------------------------------------------------------------


def test_3d_bars_are_the_exact_cost_shares_with_their_alignment():
    h = min_cost_denoiser(TETRA)
    fig = plot_denoiser(h)
    ax = fig.axes[0]
    bars = sorted(ax.patches, key=lambda p: -p.get_y())  # unit 1 at the top
    total = h.network.cost()
    assert len(bars) == len(h.network.units) == 6
    for bar, u in zip(bars, h.network.units):
        assert abs(bar.get_width() - 100 * to_float(u.cost() / total)) <= 1e-12
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == r"unit 1: $w_{1}$ $\parallel x_{0}x_{1}$, $\perp$ facet opp. $x_{1}$"
    assert "15/2" in ax.get_title()
    _close(fig)


# -- generalization --plot ---------------------------------------------------------------------


def _study(order_last="eMMSE"):
    """A hand-built study record (the printer's input), so that the figure is checked in milliseconds."""
    from symden.generalization import parse_test_distribution
    from symden.generalization._values import ESTIMATE, RIGOROUS, ErrorBar
    from symden.generalization.study import Crossover, GeneralizationStudy, GridRow
    from symden.records import Status, Verdict

    m = mpmath.mpf
    rows = (
        GridRow(mpq(1, 10**6), mpq(1, 10**6), ErrorBar(m("1e-14"), m("1e-30"), RIGOROUS), ErrorBar(m("5e-3"), m("1e-20"), ESTIMATE)),
        GridRow(mpq(1, 10**3), mpq(1, 10**3), ErrorBar(m("1e-6"), m("1e-22"), RIGOROUS), ErrorBar(m("5e-3"), m("1e-20"), ESTIMATE)),
        GridRow(mpq(1, 10), mpq(1, 10), ErrorBar(m("1e-2"), m("1e-3"), RIGOROUS), ErrorBar(m("6e-3"), m("1e-4"), ESTIMATE)),
        GridRow(mpq(1, 2), mpq(1, 2), None, ErrorBar(m("3e-2"), m("1e-20"), ESTIMATE)),
    )
    return GeneralizationStudy(
        clean=(mpq(0), mpq(1, 2), mpq(1)), test=parse_test_distribution("uniform:0:1"), alpha=mpq(1), digits=8,
        rows=rows, crossover=Crossover("crossing", lo=mpq(1, 100), hi=mpq(1, 25), refined=True),
        limit_emmse=mpq(1, 48), verdict=Verdict("low noise", Status.EVIDENCE, "hand-built"),
        max_sigma_min_cost=mpq(1, 4))


def test_the_study_plot_has_bars_crossover_and_clipping():
    from symden.printing.generalization import CLIP_DECADES, plot_study_figure

    fig = plot_study_figure(_study())
    ax = fig.axes[0]
    assert ax.get_xlabel() == r"noise level $\sigma$" and r"\mathbb{E}" in ax.get_ylabel()
    lo, hi = ax.get_ylim()
    assert hi / lo == pytest.approx(2 * 10**CLIP_DECADES, rel=1e-12)  # top 3e-2 doubled, floor 3e-2 / 10^8
    # the min-cost value 1e-14 is more than 8 decades under the top: drawn on the lower edge, counted
    (clipped,) = _lines(fig, "clipped").values()
    assert list(clipped.get_xdata()) == [1e-6] and list(clipped.get_ydata()) == [lo]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("clipped: 1 value below") for t in labels)
    # the drawn points are the mids, with their error bars (the visible one at sigma = 1/10)
    (mc,) = _lines(fig, "min-cost").values()
    assert list(mc.get_xdata()) == [1e-3, 0.1] and list(mc.get_ydata()) == [1e-6, 1e-2]
    # the crossover: a star at the geometric midpoint of the bracket [1/100, 1/25]
    (star,) = [ln for ln in ax.get_lines() if str(ln.get_label()).startswith("crossover")]
    assert star.get_xdata()[0] == pytest.approx((0.01 * 0.04) ** 0.5, rel=1e-15)
    assert r"crossover $\sigma \in [0.01, 0.04]$ (refined by bisection)" in labels
    _close(fig)
