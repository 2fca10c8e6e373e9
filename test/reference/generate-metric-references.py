"""Reference values for Slipway's metric functions, computed with scikit-learn and numpy.

Writes test/fixtures/metrics/{binary,multiclass,regression,generation}.json: each case holds its
inputs (labels, predictions, scores, optional integer weights) and the expected metrics. The
TypeScript tests compare against these files, so the test suite never needs Python.

Run from the repository root:  /usr/bin/python3 test/reference/generate-metric-references.py

Conventions shared with packages/core/src/metrics (see the doc comments there):
- `null` in `expected` means undefined (the TypeScript functions return NaN): scikit-learn raised
  or returned NaN, or the Slipway contract says undefined (average precision without a positive).
- A metric key absent from `expected` is one the task function must not return (missing column).
- Weights are per-example counts. Every weighted value from `sample_weight` is checked here
  against the same metric on the data with each row repeated `weight` times.
- log_loss passes labels=[0, 1]: a binary task always has both classes, even when a case has one.
- ECE has no scikit-learn implementation; it is computed here in numpy with 10 equal-width bins,
  bin = min(floor(10 * p), 9) in float64, ECE = sum_b (n_b / n) * |mean(y)_b - mean(p)_b|.
"""

import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as skm

warnings.simplefilter("ignore")  # zero_division and undefined-metric warnings are expected here

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "fixtures" / "metrics"
RNG = np.random.default_rng(20240611)


def finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def guarded(compute):
    """scikit-learn raising ValueError (e.g. one class present) means undefined."""
    try:
        return finite_or_none(compute())
    except ValueError:
        return None


def ece(y, p, w):
    bins = np.minimum(np.floor(p * 10).astype(np.int64), 9)
    total = w.sum()
    value = 0.0
    for b in range(10):
        mask = (bins == b) & (w > 0)
        nb = w[mask].sum()
        if nb == 0:
            continue
        mean_y = (w[mask] * y[mask]).sum() / nb
        mean_p = (w[mask] * p[mask]).sum() / nb
        value += (nb / total) * abs(mean_y - mean_p)
    return value


def binary_expected(y, pred, score, w):
    sw = None if w is None else w
    weights = np.ones(len(y)) if w is None else w.astype(np.float64)
    out = {
        "accuracy": guarded(lambda: skm.accuracy_score(y, pred, sample_weight=sw)),
        "precision": guarded(lambda: skm.precision_score(y, pred, sample_weight=sw)),
        "recall": guarded(lambda: skm.recall_score(y, pred, sample_weight=sw)),
        "f1": guarded(lambda: skm.f1_score(y, pred, sample_weight=sw)),
    }
    if score is None:
        return out
    out["roc_auc"] = guarded(lambda: skm.roc_auc_score(y, score, sample_weight=sw))
    # Slipway contract: no positive with weight means undefined (scikit-learn 1.2 warns, returns 0).
    positives = weights[y == 1].sum()
    out["average_precision"] = (
        guarded(lambda: skm.average_precision_score(y, score, sample_weight=sw)) if positives > 0 else None
    )
    out["log_loss"] = guarded(lambda: skm.log_loss(y, score, sample_weight=sw, labels=[0, 1]))
    out["brier"] = guarded(lambda: skm.brier_score_loss(y, score, sample_weight=sw))
    out["ece"] = finite_or_none(ece(y, score, weights))
    return out


def multiclass_expected(ys, ps, classes, w):
    out = {
        "accuracy": guarded(lambda: skm.accuracy_score(ys, ps, sample_weight=w)),
        "macro_f1": guarded(lambda: skm.f1_score(ys, ps, average="macro", sample_weight=w)),
        "micro_f1": guarded(lambda: skm.f1_score(ys, ps, average="micro", sample_weight=w)),
    }
    recalls = skm.recall_score(ys, ps, labels=classes, average=None, sample_weight=w)
    for name, value in zip(classes, recalls):
        out[f"recall.{name}"] = finite_or_none(value)
    return out


def regression_expected(y, pred, w):
    return {
        "mae": guarded(lambda: skm.mean_absolute_error(y, pred, sample_weight=w)),
        "rmse": guarded(lambda: skm.mean_squared_error(y, pred, sample_weight=w, squared=False)),
        "r2": guarded(lambda: skm.r2_score(y, pred, sample_weight=w)),
    }


def generation_expected(passed, score, w):
    out = {}
    if passed is not None:
        out["pass_rate"] = finite_or_none(np.average(passed, weights=w))
    if score is not None:
        out["mean_score"] = finite_or_none(np.average(score, weights=w))
    return out


def check_weights_are_counts(expected, compute_unweighted, columns, w):
    """The sample_weight value must equal the value on rows repeated `weight` times."""
    if w is None:
        return
    repeated = [None if c is None else np.repeat(c, w) for c in columns]
    plain = compute_unweighted(*repeated)
    for key, value in expected.items():
        other = plain.get(key)
        if value is None or other is None:
            assert value is None and other is None, (key, value, other)
        else:
            assert abs(value - other) <= 1e-12 * max(1.0, abs(value)), (key, value, other)


def floats(a):
    return None if a is None else [float(x) for x in a]


def ints(a):
    return None if a is None else [int(x) for x in a]


def binary_cases():
    cases = []

    def add(name, y, pred, score, w=None):
        y = np.asarray(y, dtype=np.float64)
        pred = np.asarray(pred, dtype=np.float64)
        score = None if score is None else np.asarray(score, dtype=np.float64)
        expected = binary_expected(y, pred, score, w)
        check_weights_are_counts(expected, lambda a, b, c: binary_expected(a, b, c, None), [y, pred, score], w)
        cases.append(
            {"name": name, "n": len(y), "label": floats(y), "prediction": floats(pred), "score": floats(score),
             "weights": ints(w), "expected": expected}
        )

    def random_case(n, positive_rate):
        y = (RNG.random(n) < positive_rate).astype(np.float64)
        # Informative but imperfect scores: positives shifted up.
        score = np.clip(RNG.beta(2, 3, n) + 0.25 * y, 0, 1)
        return y, (score >= 0.5).astype(np.float64), score

    for n in (50, 1000):
        add(f"random n={n}", *random_case(n, 0.4))
    y, pred, score = random_case(1000, 0.5)
    add("heavy ties: scores on a 0.1 grid, n=1000", y, (np.round(score, 1) >= 0.5), np.round(score, 1))
    y, _, _ = random_case(1000, 0.5)
    add("heavy ties: three score values, n=1000", y, RNG.integers(0, 2, 1000), RNG.choice([0.2, 0.5, 0.7], 1000))
    y, _, score = random_case(1000, 0.5)
    on_edge = RNG.random(1000) < 0.5
    score = np.where(on_edge, np.round(score, 1), score)
    add("half the scores on the ECE bin edges (k/10), n=1000", y, (score >= 0.5), score)
    extremes = np.array([0.0, 1.0, 1e-20, 1 - 1e-20, 1e-300, 1e-16, 1 - 1e-16, 0.5, 0.3, 0.9])
    y = (RNG.random(200) < 0.5).astype(np.float64)
    score = RNG.choice(extremes, 200)
    add("extreme probabilities (0, 1, 1e-20, 1e-300), n=200", y, (score >= 0.5), score)
    add("imbalanced: 2% positives, n=1000", *random_case(1000, 0.02))
    y, pred, score = random_case(50, 0.5)
    add("all one class: negatives only, n=50", np.zeros(50), pred, score)
    add("all one class: positives only, n=50", np.ones(50), pred, score)
    add("no predicted positive, n=50", y, np.zeros(50), score)
    add("no scores in the file, n=50", y, pred, None)
    y, pred, score = random_case(1000, 0.3)
    add("integer sample weights 0-4, n=1000", y, pred, score, RNG.integers(0, 5, 1000))
    y, pred, score = random_case(50, 0.5)
    score = np.round(score, 1)
    add("integer sample weights with ties, n=50", y, pred, score, RNG.integers(0, 4, 50))
    w = np.where(y == 1, 0, RNG.integers(1, 3, 50))
    add("weights leave only negatives, n=50", y, pred, score, w)
    return cases


def multiclass_cases():
    cases = []

    def add(name, classes, y, pred, w=None):
        classes = sorted(classes)
        y = np.asarray(y, dtype=np.int64)
        pred = np.asarray(pred, dtype=np.int64)
        names = np.array(classes, dtype=object)
        compute = lambda a, b: multiclass_expected(names[a], names[b], classes, None)
        expected = multiclass_expected(names[y], names[pred], classes, w)
        check_weights_are_counts(expected, compute, [y, pred], w)
        cases.append(
            {"name": name, "n": len(y), "classes": classes, "label": ints(y), "prediction": ints(pred),
             "weights": ints(w), "expected": expected}
        )

    def noisy(y, k, accuracy):
        keep = RNG.random(len(y)) < accuracy
        return np.where(keep, y, RNG.integers(0, k, len(y)))

    y = RNG.integers(0, 3, 50)
    add("three classes, n=50", ["cat", "dog", "eel"], y, noisy(y, 3, 0.6))
    y = RNG.integers(0, 5, 1000)
    add("five classes, n=1000", ["ant", "bee", "cat", "dog", "eel"], y, noisy(y, 5, 0.5))
    y = RNG.integers(0, 4, 1000)
    pred = noisy(y, 3, 0.5)  # class 3 ("tern") is never predicted
    add("a class never predicted, n=1000", ["gull", "heron", "ibis", "tern"], y, pred)
    y = RNG.integers(0, 3, 50)
    add("a class neither present nor predicted, n=50", ["a", "b", "c", "d"], y, noisy(y, 3, 0.7))
    y = RNG.choice(4, 1000, p=[0.85, 0.1, 0.04, 0.01])
    add("imbalanced classes, n=1000", ["common", "rare", "rarer", "rarest"], y, noisy(y, 4, 0.8))
    y = RNG.integers(0, 5, 1000)
    add("integer sample weights 0-3, n=1000", ["v", "w", "x", "y", "z"], y, noisy(y, 5, 0.6), RNG.integers(0, 4, 1000))
    return cases


def regression_cases():
    cases = []

    def add(name, y, pred, w=None):
        y = np.asarray(y, dtype=np.float64)
        pred = np.asarray(pred, dtype=np.float64)
        expected = regression_expected(y, pred, w)
        check_weights_are_counts(expected, lambda a, b: regression_expected(a, b, None), [y, pred], w)
        cases.append({"name": name, "n": len(y), "label": floats(y), "prediction": floats(pred), "weights": ints(w),
                      "expected": expected})

    for n in (50, 1000):
        y = RNG.normal(10, 3, n)
        add(f"random n={n}", y, y + RNG.normal(0, 1.5, n))
    y = RNG.normal(1e6, 10, 1000)
    add("large offset, small spread, n=1000", y, y + RNG.normal(0, 5, 1000))
    y = np.round(RNG.normal(0, 2, 1000))
    add("heavy ties: integer labels and predictions, n=1000", y, np.round(y + RNG.normal(0, 1, 1000)))
    add("constant labels, imperfect predictions (r2 = 0)", np.full(50, 3.0), 3.0 + RNG.normal(0, 1, 50))
    add("constant labels, perfect predictions (r2 = 1)", np.full(50, 3.0), np.full(50, 3.0))
    add("a single example (r2 undefined)", [2.5], [2.0])
    y = RNG.normal(0, 1, 1000)
    add("integer sample weights 0-4, n=1000", y, y + RNG.normal(0, 0.5, 1000), RNG.integers(0, 5, 1000))
    return cases


def generation_cases():
    cases = []

    def add(name, passed, score, w=None):
        passed_col = None if passed is None else np.asarray(passed, dtype=np.float64)
        score_col = None if score is None else np.asarray(score, dtype=np.float64)
        expected = generation_expected(passed_col, score_col, w)
        check_weights_are_counts(expected, lambda a, b: generation_expected(a, b, None), [passed_col, score_col], w)
        n = len(passed_col if passed_col is not None else score_col)
        cases.append({"name": name, "n": n, "passed": floats(passed_col), "score": floats(score_col),
                      "weights": ints(w), "expected": expected})

    for n in (50, 1000):
        score = RNG.random(n)
        add(f"passed and score, n={n}", score > 0.3, score)
    add("score only, n=50", None, RNG.random(50))
    add("passed only, n=50", RNG.random(50) < 0.5, None)
    score = RNG.random(1000)
    add("integer sample weights 0-4, n=1000", score > 0.6, score, RNG.integers(0, 5, 1000))
    return cases


def main():
    meta = {
        "generator": "test/reference/generate-metric-references.py",
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for task, cases in (
        ("binary", binary_cases()),
        ("multiclass", multiclass_cases()),
        ("regression", regression_cases()),
        ("generation", generation_cases()),
    ):
        path = OUT / f"{task}.json"
        path.write_text(json.dumps({**meta, "cases": cases}, allow_nan=False) + "\n")
        sizes = ", ".join(str(c["n"]) for c in cases)
        print(f"{path.relative_to(ROOT)}: {len(cases)} cases (n = {sizes})", file=sys.stderr)


if __name__ == "__main__":
    main()
