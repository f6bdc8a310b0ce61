"""Plain text and JSON of the digits alignment experiment (docs/theory.md section 7b.4); every number is evidence."""

from __future__ import annotations

import json

__all__ = ["digits_text", "digits_json"]

_COLUMNS = (("role", "role", "{:>8}"), ("seed", "seed", "{:>4}"), ("share", "S(R^64)", "{:>7.3f}"),
            ("null_span_mean", "span null", "{:>9.3f}"), ("share_hull", "S(hull)", "{:>7.3f}"),
            ("hull_facets", "facets", "{:>6.3f}"), ("hull_edges", "edges", "{:>6.3f}"),
            ("null_hull_mean", "hull null", "{:>9.3f}"), ("null_hull_sd", "sd", "{:>5.3f}"),
            ("null_hull_p", "p", "{:>6.4f}"), ("z_hull", "z", "{:>6.2f}"), ("in_span", "|Pw|/|w|", "{:>8.3f}"),
            ("cost", "cost", "{:>8.3f}"), ("denoise_mse", "denoise err", "{:>11.3e}"))


def digits_text(result) -> str:
    """The table of every network, the summary over seeds, and the word *evidence*."""
    c = result.config
    lines = [
        f"digits alignment (evidence: floats on trained networks; docs/theory.md section 7b.4)",
        f"images {list(result.image_indices)} of load_digits() (classes {list(c.classes)}), {c.samples} samples each "
        f"uniform in balls of radius {result.radius:.4f} "
        f"({c.radius_fraction:g} of the smallest distance {result.min_distance:.4f})",
        f"width {c.width}, weight decay {c.weight_decay:g}, {c.steps} steps; theta {c.theta:g} degrees; "
        f"{c.null_draws} null draws per network",
    ]
    rows = result.rows()
    cells = [[fmt.format(row[key]).strip() for key, _, fmt in _COLUMNS] for row in rows]
    widths = [max([len(head)] + [len(r[i]) for r in cells]) for i, (_, head, _) in enumerate(_COLUMNS)]
    lines.append("")
    lines.append(" ".join(f"{head:>{w}}" for (_, head, _), w in zip(_COLUMNS, widths)))
    for r in cells:
        lines.append(" ".join(f"{v:>{w}}" for v, w in zip(r, widths)))
    lines.append("")
    for role, s in result.summary().items():
        lines.append(f"{role}: S(hull) {s['share_hull_mean']:.3f} +- {s['share_hull_sd']:.3f} over {s['seeds']} seed(s) "
                     f"against the hull null {s['null_hull_mean']:.3f} (sd {s['null_hull_sd_mean']:.3f}), mean z "
                     f"{s['z_hull_mean']:.2f}, largest p {s['p_hull_max']:.4f}; S(R^64) {s['share_mean']:.3f} against "
                     f"the span null {s['null_span_mean']:.3f}")
    lines.append(f"face-aligned online interpolant at the centroid: R(h_c) = {result.facet_cost:.4f} (a yardstick)")
    return "\n".join(lines)


def digits_json(result) -> str:
    """``result.to_json()`` as indented JSON text (infinite z written as a string)."""
    def clean(x):
        if isinstance(x, float) and (x != x or x in (float("inf"), float("-inf"))):
            return str(x)
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [clean(v) for v in x]
        return x

    return json.dumps(clean(result.to_json()), indent=2)
