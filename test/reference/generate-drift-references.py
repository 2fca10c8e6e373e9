#!/usr/bin/python3
"""Reference values for the drift measures in packages/core/src/drift.

Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 test/reference/generate-drift-references.py
It rewrites the JSON fixtures in test/fixtures/drift/, which are committed so that the test suite
never needs Python. Each case stores its inputs next to the expected values, and every value comes
from scipy or from a direct numpy transcription of the formula in docs/drift.md:

- numeric.json: pairs of samples. ks_2samp(method="exact"), wasserstein_distance, and the
  normalisation np.std(reference) (population standard deviation, ddof=0).
- categorical.json: pairs of count vectors over the same categories. jensenshannon(base=2),
  chi2_contingency(correction=False) on the 2 x k table without categories empty on both sides,
  L-infinity max|p - q| on proportions, PSI by hand with empty proportions replaced by 1e-4.
- distributions.json: scipy.special.kolmogorov and scipy.stats.chi2.sf at fixed points.
"""

import json
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "drift"
PSI_EPSILON = 1e-4


def rounded(values, digits=4):
    """Rounds to a few decimals so the JSON text holds exactly the doubles used here."""
    return [float(v) for v in np.round(np.asarray(values, dtype=float), digits)]


def numeric_cases():
    rng = np.random.default_rng(20240501)
    specs = [
        ("equal sizes, shifted mean", lambda: (rng.normal(0, 1, 40), rng.normal(0.5, 1, 40))),
        ("unequal sizes, same distribution", lambda: (rng.normal(10, 2, 80), rng.normal(10, 2, 120))),
        ("wider spread", lambda: (rng.normal(0, 1, 200), rng.normal(0, 1.6, 150))),
        ("small shift at moderate n", lambda: (rng.gamma(2.0, 3.0, 500), rng.gamma(2.0, 3.3, 700))),
        ("integer counts with ties", lambda: (rng.poisson(4, 300), rng.poisson(4.6, 250))),
        ("large equal samples, no drift", lambda: (rng.lognormal(0, 0.5, 1000), rng.lognormal(0, 0.5, 1000))),
        ("negative and positive values", lambda: (rng.normal(-1, 3, 333), rng.normal(-0.2, 3, 417))),
        ("tiny samples", lambda: (rng.uniform(0, 1, 7), rng.uniform(0.3, 1.3, 5))),
    ]
    cases = []
    for name, draw in specs:
        ref, cur = draw()
        ref, cur = rounded(ref), rounded(cur)
        ks = stats.ks_2samp(ref, cur, method="exact")
        wasserstein = stats.wasserstein_distance(ref, cur)
        cases.append(
            {
                "name": name,
                "reference": ref,
                "current": cur,
                "expected": {
                    "ks_statistic": float(ks.statistic),
                    "ks_p_value": float(ks.pvalue),
                    "wasserstein": float(wasserstein),
                    "reference_std": float(np.std(ref)),
                    "wasserstein_normed": float(wasserstein / max(np.std(ref), 0.001)),
                },
            }
        )
    return cases


def psi(ref, cur):
    r = np.asarray(ref, dtype=float) / np.sum(ref)
    c = np.asarray(cur, dtype=float) / np.sum(cur)
    r = np.where(r == 0, PSI_EPSILON, r)
    c = np.where(c == 0, PSI_EPSILON, c)
    return float(np.sum((c - r) * np.log(c / r)))


def categorical_cases():
    rng = np.random.default_rng(7)
    specs = [
        ("similar proportions", [50, 30, 20], [45, 35, 20]),
        ("a new category appears", [100, 50, 0], [80, 40, 30]),
        ("a category disappears", [30, 30, 40], [0, 50, 50]),
        ("two categories (2 x 2 table)", [60, 40], [45, 55]),
        ("identical", [10, 20, 30, 40], [10, 20, 30, 40]),
        ("twelve categories", list(rng.multinomial(600, np.full(12, 1 / 12))), list(rng.multinomial(450, np.linspace(1, 2, 12) / np.sum(np.linspace(1, 2, 12))))),
        ("one dominant category shifts", [900, 50, 30, 20], [700, 150, 100, 50]),
        ("a category empty on both sides", [5, 0, 9], [7, 0, 2]),
    ]
    cases = []
    for name, ref, cur in specs:
        ref = [int(v) for v in ref]
        cur = [int(v) for v in cur]
        table = np.array([ref, cur])
        table = table[:, table.sum(axis=0) > 0]
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        rp = np.asarray(ref, dtype=float) / sum(ref)
        cp = np.asarray(cur, dtype=float) / sum(cur)
        cases.append(
            {
                "name": name,
                "reference": ref,
                "current": cur,
                "expected": {
                    "jensen_shannon": float(jensenshannon(ref, cur, base=2)),
                    "chi_square_statistic": float(chi2),
                    "chi_square_p_value": float(p),
                    "chi_square_dof": int(dof),
                    "l_infinity": float(np.max(np.abs(rp - cp))),
                    "psi": psi(ref, cur),
                },
            }
        )
    return cases


def distributions():
    lambdas = [0.1, 0.3, 0.5, 0.8, 1.0, 1.17, 1.19, 1.36, 1.5, 2.0, 3.0]
    chi2_points = [(0.5, 1), (3.841458820694124, 1), (10, 3), (25, 10), (100, 50), (0.001, 2), (300, 200), (5, 20), (60, 4), (1e-6, 1)]
    return {
        "kolmogorov": [{"lambda": x, "survival": float(special.kolmogorov(x))} for x in lambdas],
        "chi_square_survival": [{"x": x, "dof": dof, "survival": float(stats.chi2.sf(x, dof))} for x, dof in chi2_points],
    }


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    document = {"generator": f"test/reference/generate-drift-references.py (scipy {scipy.__version__}, numpy {np.__version__})", **payload}
    (OUT / name).write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    write("numeric.json", {"cases": numeric_cases()})
    write("categorical.json", {"cases": categorical_cases()})
    write("distributions.json", distributions())
