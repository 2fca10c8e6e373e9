"""Measures the serving latency of both churn models: one customer per request, as in production.

Timing depends on the machine, so it is the one output of the example that is not reproducible
byte for byte. It is therefore measured separately and committed as
examples/eval/<model>/latency.json; train.py copies it into the eval reports, and measures it
(by calling this module) only when the file is missing or when asked with --remeasure-latency.

Run: /usr/bin/python3 examples/scripts/measure_latency.py
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

# Keep the example tree free of __pycache__ folders from the sibling-module imports below.
sys.dont_write_bytecode = True

from churn_models import MODELS, ModelSpec, fit
from sklearn.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parent.parent
REQUESTS = 1_000
WARMUP = 50


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def measure(spec: ModelSpec, model: Pipeline, requests: pd.DataFrame) -> dict[str, object]:
    """Wall-clock time of predict_proba on a one-row frame, for each of the first REQUESTS rows."""
    rows = [requests.iloc[[i]][spec.features] for i in range(WARMUP + REQUESTS)]
    elapsed_ms = []
    for i, row in enumerate(rows):
        start = time.perf_counter_ns()
        model.predict_proba(row)
        if i >= WARMUP:
            elapsed_ms.append((time.perf_counter_ns() - start) / 1e6)
    p50, p95, p99 = np.percentile(np.array(elapsed_ms), [50, 95, 99])
    return {
        "p50_ms": round(float(p50), 3),
        "p95_ms": round(float(p95), 3),
        "p99_ms": round(float(p99), 3),
        "requests": REQUESTS,
        "warmup_requests": WARMUP,
        "environment": {
            "cpu": cpu_model(),
            "machine": platform.machine(),
            "python": platform.python_version(),
            "scikit_learn": sklearn.__version__,
            "numpy": np.__version__,
        },
    }


def write_latency(spec: ModelSpec, model: Pipeline, requests: pd.DataFrame) -> dict[str, object]:
    latency = measure(spec, model, requests)
    path = EXAMPLES / "eval" / spec.name / "latency.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(latency, indent=2) + "\n")
    print(f"{path.relative_to(EXAMPLES.parent)}: p95 {latency['p95_ms']} ms", file=sys.stderr)
    return latency


def main() -> None:
    train = pd.read_csv(EXAMPLES / "data" / "train.csv")
    requests = pd.read_csv(EXAMPLES / "data" / "eval.csv")
    for spec in MODELS:
        write_latency(spec, fit(spec, train), requests)


if __name__ == "__main__":
    main()
