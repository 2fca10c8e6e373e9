"""The quality gate's reference implementation for bench/gate.mjs: what a team would write by hand.

    /usr/bin/python3 bench/reference/gate_reference.py BASE.csv CAND.csv --slices a,b,... --resamples K

Reads both prediction files with pandas, pairs them on `id`, computes the binary metrics of
scikit-learn overall and on every slice value, then a NumPy paired bootstrap (K resamples of the
paired rows, the same indices for both models) of accuracy and ROC-AUC over the overall set, and
judges the ROC-AUC rule on the percentile interval of the paired delta. Prints one JSON object with
the time of each phase, so the caller can scale the bootstrap linearly to another resample count.
"""

import argparse
import json
import time

import numpy as np
import pandas as pd
from sklearn import metrics


def binary_metrics(y, score, pred):
    both = len(np.unique(y)) == 2
    return {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1": metrics.f1_score(y, pred, zero_division=0),
        "roc_auc": metrics.roc_auc_score(y, score) if both else None,
        "average_precision": metrics.average_precision_score(y, score) if both else None,
        "log_loss": metrics.log_loss(y, np.clip(score, 1e-15, 1 - 1e-15), labels=[0, 1]),
        "brier": metrics.brier_score_loss(y, score),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("baseline")
    parser.add_argument("candidate")
    parser.add_argument("--slices", required=True)
    parser.add_argument("--resamples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    slices = args.slices.split(",")

    started = time.perf_counter()
    base = pd.read_csv(args.baseline)
    cand = pd.read_csv(args.candidate)
    paired = base.merge(cand[["id", "score", "prediction"]], on="id", suffixes=("_b", "_c"))
    read_s = time.perf_counter() - started

    started = time.perf_counter()
    y = paired["label"].to_numpy()
    sb, sc = paired["score_b"].to_numpy(), paired["score_c"].to_numpy()
    pb, pc = paired["prediction_b"].to_numpy(), paired["prediction_c"].to_numpy()
    rows = [("overall", binary_metrics(y, sb, pb), binary_metrics(y, sc, pc))]
    for column in slices:
        for value, index in paired.groupby(column).indices.items():
            rows.append(
                (
                    f"{column}={value}",
                    binary_metrics(y[index], sb[index], pb[index]),
                    binary_metrics(y[index], sc[index], pc[index]),
                )
            )
    metrics_s = time.perf_counter() - started

    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    n = len(y)
    deltas = {"accuracy": [], "roc_auc": []}
    for _ in range(args.resamples):
        i = rng.integers(0, n, n)
        yi = y[i]
        deltas["accuracy"].append(metrics.accuracy_score(yi, pc[i]) - metrics.accuracy_score(yi, pb[i]))
        deltas["roc_auc"].append(metrics.roc_auc_score(yi, sc[i]) - metrics.roc_auc_score(yi, sb[i]))
    bootstrap_s = time.perf_counter() - started
    lo, hi = np.percentile(deltas["roc_auc"], [2.5, 97.5])
    auc_delta = rows[0][2]["roc_auc"] - rows[0][1]["roc_auc"]

    print(
        json.dumps(
            {
                "n": int(n),
                "slices": len(rows) - 1,
                "resamples": args.resamples,
                "read_s": read_s,
                "metrics_s": metrics_s,
                "bootstrap_s": bootstrap_s,
                "roc_auc_delta": auc_delta,
                "roc_auc_ci": [lo, hi],
                # The policy's first rule: ROC-AUC may not drop by more than 0.01, judged on the
                # interval's lower bound.
                "decision": "pass" if lo >= -0.01 else "fail",
            }
        )
    )


if __name__ == "__main__":
    main()
