#!/usr/bin/python3
"""Reference values for the paired statistics in packages/core/src/stats.

Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 test/reference/generate-stats-references.py
It rewrites the JSON fixtures in test/fixtures/stats/, which are committed so that the test
suite never needs Python. Every value comes from scipy or from a direct (slow, obvious) numpy
implementation of the published formula, independent of the TypeScript code.
"""

import json
import math
import os

import numpy as np
from scipy import special, stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "stats")


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def special_functions():
    normal_points = [-38.0, -12.5, -8.0, -5.0, -3.0, -2.0, -1.96, -1.0, -0.3, 0.0, 0.3, 1.0, 1.6448536269514722, 2.5, 4.0, 7.0]
    probabilities = [1e-300, 1e-12, 1e-6, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.999, 1 - 1e-9]
    lgamma_points = [0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 14.99, 15.0, 15.5, 100.5, 1e4 + 0.5, 5e6 + 0.5, 1e9]
    beta_cases = [(0.2, 2.0, 3.0), (0.5, 0.5, 0.5), (0.9, 10.0, 0.5), (0.01, 5.0, 0.5), (0.7, 200.0, 300.0), (0.999, 1.5, 40.0)]
    t_cases = [(0.5, 1), (2.0, 1), (1.0, 3), (2.2, 9), (-1.7, 29), (3.5, 120), (0.0, 50), (-4.0, 999), (2.0, 100000)]
    t_critical = [(0.95, 1), (0.95, 2), (0.9, 5), (0.95, 19), (0.99, 30), (0.95, 999), (0.8, 100000)]
    return {
        "normalCdf": [{"z": z, "cdf": float(stats.norm.cdf(z)), "twoSided": float(2 * stats.norm.sf(abs(z)))} for z in normal_points],
        "erfc": [{"x": x, "erfc": float(special.erfc(x))} for x in [-3.0, -0.5, 0.0, 0.1, 1.0, 1.9999, 2.0, 3.3, 6.0, 10.0, 26.0]],
        "normalQuantile": [{"p": p, "quantile": float(stats.norm.ppf(p))} for p in probabilities],
        "logGamma": [{"x": x, "logGamma": float(special.gammaln(x))} for x in lgamma_points],
        "incompleteBeta": [{"x": x, "a": a, "b": b, "value": float(special.betainc(a, b, x))} for x, a, b in beta_cases],
        "studentT": [{"t": t, "df": df, "cdf": float(stats.t.cdf(t, df)), "twoSided": float(2 * stats.t.sf(abs(t), df))} for t, df in t_cases],
        "studentTCritical": [{"confidence": c, "df": df, "critical": float(stats.t.ppf(0.5 + c / 2, df))} for c, df in t_critical],
    }


def wilson(x, n, z):
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe_paired(a, b, c, d, confidence):
    """Newcombe (1998) method 10 with the corrected phi, written from the paper's formulas."""
    n = a + b + c + d
    z = stats.norm.ppf(0.5 + confidence / 2)
    p1 = (a + b) / n  # candidate
    p2 = (a + c) / n  # baseline
    l1, u1 = wilson(a + b, n, z)
    l2, u2 = wilson(a + c, n, z)
    margins = [a + b, c + d, a + c, b + d]
    if min(margins) == 0:
        phi = 0.0
    else:
        cross = a * d - b * c
        root = math.sqrt(float(np.prod(np.array(margins, dtype=float))))
        if cross > n / 2:
            phi = (cross - n / 2) / root
        elif cross >= 0:
            phi = 0.0
        else:
            phi = cross / root
    delta = p1 - p2
    lo = delta - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    hi = delta + math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return [max(-1.0, lo), min(1.0, hi)]


def mcnemar_p(b, c):
    s = b + c
    if s == 0:
        return 1.0, "exact"
    if s <= 10_000:
        return float(stats.binomtest(b, s, 0.5, alternative="two-sided").pvalue), "exact"
    chi = (max(0, abs(b - c) - 1)) ** 2 / s
    return float(stats.chi2.sf(chi, 1)), "chi-square-cc"


def proportions():
    tables = [
        (40, 5, 3, 52), (0, 0, 0, 0), (10, 0, 0, 10), (0, 7, 0, 3), (1, 1, 7, 12), (59, 6, 16, 80), (7, 27, 1, 33),
        (95, 3, 1, 1), (0, 1, 0, 0), (980, 12, 4, 4), (700, 60, 80, 160), (50, 0, 9, 41), (3000, 9000, 1200, 5000),
        (800000, 30000, 28500, 141500),
    ]
    cases = []
    for a, b, c, d in tables:
        entry = {"bothCorrect": a, "candidateOnly": b, "baselineOnly": c, "neither": d}
        p, variant = mcnemar_p(b, c)
        entry["pValue"] = p
        entry["variant"] = variant
        if a + b + c + d > 0:
            entry["ci95"] = newcombe_paired(a, b, c, d, 0.95)
            entry["ci90"] = newcombe_paired(a, b, c, d, 0.90)
        cases.append(entry)
    return cases


def delong_quadratic(label, sb, sc):
    """DeLong (1988) structural components by the O(m·n) definition."""
    label = np.asarray(label)
    out = {}
    v10s, v01s, aucs = [], [], []
    for s in (np.asarray(sb), np.asarray(sc)):
        x = s[label == 1][:, None]
        y = s[label == 0][None, :]
        psi = (x > y).astype(float) + 0.5 * (x == y)
        v10s.append(psi.mean(axis=1))
        v01s.append(psi.mean(axis=0))
        aucs.append(psi.mean())
    m = int((label == 1).sum())
    n = int((label == 0).sum())
    s10 = np.cov(np.vstack(v10s))  # rows = models, denominators m − 1
    s01 = np.cov(np.vstack(v01s))
    cov = s10 / m + s01 / n
    var_delta = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    delta = aucs[1] - aucs[0]
    se = math.sqrt(max(var_delta, 0.0))
    z = stats.norm.ppf(0.975)
    out.update(
        baselineAuc=aucs[0], candidateAuc=aucs[1], delta=delta,
        baselineVariance=cov[0, 0], candidateVariance=cov[1, 1], covariance=cov[0, 1], deltaVariance=var_delta,
        ci95=[max(-1.0, delta - z * se), min(1.0, delta + z * se)],
        pValue=float(2 * stats.norm.sf(abs(delta) / se)) if se > 0 else (1.0 if delta == 0 else 0.0),
    )
    return {k: (float(v) if not isinstance(v, list) else [float(t) for t in v]) for k, v in out.items()}


def delong_cases():
    rng = np.random.default_rng(20240601)
    cases = []
    # continuous scores, scores rounded to create many ties, and a tiny hand-made case
    for n, decimals in [(60, None), (200, 1), (500, 2), (37, 0)]:
        label = (rng.random(n) < 0.4).astype(int)
        label[:2] = [1, 0]
        latent = rng.normal(size=(n, 2)) @ np.array([[1.0, 0.6], [0.0, 0.8]])
        sb = latent[:, 0] + 0.9 * label
        sc = latent[:, 1] + 1.2 * label
        if decimals is not None:
            sb = np.round(sb, decimals)
            sc = np.round(sc, decimals)
        case = {"label": label.tolist(), "baselineScore": sb.tolist(), "candidateScore": sc.tolist()}
        case.update(delong_quadratic(label, sb, sc))
        cases.append(case)
    label = [1, 1, 1, 0, 0, 0, 1, 0]
    sb = [0.9, 0.8, 0.4, 0.4, 0.3, 0.1, 0.5, 0.5]
    sc = [0.7, 0.7, 0.6, 0.7, 0.2, 0.2, 0.9, 0.1]
    case = {"label": label, "baselineScore": sb, "candidateScore": sc}
    case.update(delong_quadratic(label, sb, sc))
    cases.append(case)
    return cases


def paired_mean_cases():
    rng = np.random.default_rng(7)
    cases = []
    for n, confidence in [(2, 0.95), (5, 0.95), (30, 0.9), (400, 0.95), (1000, 0.99)]:
        base = rng.exponential(0.7, size=n)
        cand = base + rng.normal(-0.02, 0.3, size=n)
        d = cand - base
        se = d.std(ddof=1) / math.sqrt(n)
        t = stats.t.ppf(0.5 + confidence / 2, n - 1)
        cases.append({
            "baseline": base.tolist(), "candidate": cand.tolist(), "confidence": confidence,
            "delta": float(d.mean()), "ci": [float(d.mean() - t * se), float(d.mean() + t * se)],
            "pValue": float(stats.ttest_rel(cand, base).pvalue),
        })
    return cases


M32 = 0xFFFFFFFF


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def xoshiro128ss(state, count):
    """xoshiro128** 1.1, transcribed from Blackman & Vigna's description with Python integers."""
    s = list(state)
    out = []
    for _ in range(count):
        out.append((rotl((s[1] * 5) & M32, 7) * 9) & M32)
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
    return out


def fmix32(h):
    h &= M32
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & M32
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & M32
    return h ^ (h >> 16)


def seeded_state(seed):
    """The documented seeding: SplitMix32 over a Weyl sequence started from the seed's two halves."""
    low = seed & M32
    high = (seed // 2**32) & M32
    weyl = low ^ fmix32(high ^ 0x6A09E667)
    state = []
    for _ in range(4):
        weyl = (weyl + 0x9E3779B9) & M32
        state.append(fmix32(weyl))
    if not any(state):
        state[0] = 1
    return state


def prng_vectors():
    return {
        "fromState": {"state": [1, 2, 3, 4], "outputs": xoshiro128ss([1, 2, 3, 4], 12)},
        "seeded": [{"seed": seed, "outputs": xoshiro128ss(seeded_state(seed), 8)} for seed in [0, 1, 42, 0x5EED, 2**32 + 7, 2**53 - 1]],
    }


def holm(p):
    """statsmodels' multipletests(method="holm"), written out in numpy."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    raw = p[order] * np.arange(m, 0, -1)
    adjusted_sorted = np.minimum(1.0, np.maximum.accumulate(raw))
    out = np.empty(m)
    out[order] = adjusted_sorted
    return out.tolist()


def holm_cases():
    rng = np.random.default_rng(11)
    families = [[0.01, 0.04, 0.03, 0.005], [0.5], [0.001, 0.001, 0.2, 0.9, 0.04], [0.3, 0.2, 0.6, 0.01, 0.011, 0.04, 0.05]]
    families.append(rng.uniform(0, 0.2, size=12).tolist())
    return [{"pValues": f, "adjusted": holm(f)} for f in families]


if __name__ == "__main__":
    write("special-functions.json", special_functions())
    write("paired-proportions.json", proportions())
    write("delong.json", delong_cases())
    write("paired-mean.json", paired_mean_cases())
    write("holm.json", holm_cases())
    write("prng.json", prng_vectors())
    print("wrote", OUT)
