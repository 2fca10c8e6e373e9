"""Trains the baseline and the candidate churn models and writes their evaluations.

Reads examples/data/train.csv and examples/data/eval.csv (see generate_data.py) and writes, for
each model in churn_models.MODELS, under examples/eval/<model>/:
  predictions.csv  one row per eval customer: id,label,score,prediction,region,plan
  eval.json        a Slipway eval report (schema slipway/eval@1) whose metrics are scikit-learn's,
                   computed from the predictions file exactly as written (scores rounded to six
                   decimals), overall and for every region=* and plan=* slice
and, for the candidate only, metrics.yaml: the same overall metrics as plain nested metrics.

Serving latency comes from eval/<model>/latency.json (measure_latency.py), measured here only
when that file is missing or with --remeasure-latency: timings are the one thing that differs
from machine to machine, and everything else this script writes is the same bytes on every run.

The models are not saved: the example needs their evaluations, not the pickles.

Run: /usr/bin/python3 examples/scripts/train.py [--remeasure-latency]
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

# Keep the example tree free of __pycache__ folders from the sibling-module imports below.
sys.dont_write_bytecode = True

from churn_models import LABEL, MODELS, SEED, ModelSpec, fit
from measure_latency import write_latency
from sklearn.pipeline import Pipeline
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)

EXAMPLES = Path(__file__).resolve().parent.parent
DATA = EXAMPLES / "data"
SLICE_COLUMNS = ("region", "plan")
THRESHOLD = 0.5
SCORE_DECIMALS = 6


def classification_metrics(label: np.ndarray, score: np.ndarray) -> dict[str, float]:
    prediction = (score >= THRESHOLD).astype(int)
    return {
        "accuracy": float(accuracy_score(label, prediction)),
        "precision": float(precision_score(label, prediction, zero_division=0)),
        "recall": float(recall_score(label, prediction, zero_division=0)),
        "f1": float(f1_score(label, prediction, zero_division=0)),
        "roc_auc": float(roc_auc_score(label, score)),
        "average_precision": float(average_precision_score(label, score)),
        "log_loss": float(log_loss(label, score, labels=[0, 1])),
        "brier": float(brier_score_loss(label, score)),
    }


def format_json(value: object, indent: int = 0, prefix: str = "") -> str:
    """JSON laid out as the repository's formatter (Biome, line width 120) lays it out: objects one
    key per line, arrays of scalars on one line when they fit, so `npm run lint` accepts the file."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            name = f"{json.dumps(key)}: "
            items.append(f"{pad}  {name}{format_json(item, indent + 2, name)}")
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        inline = "[" + ", ".join(json.dumps(v) for v in value) + "]"
        scalars = all(not isinstance(v, (dict, list)) for v in value)
        if scalars and indent + len(prefix) + len(inline) + 1 <= 120:
            return inline
        items = [f"{pad}  {format_json(v, indent + 2)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value)


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def predictions_frame(evaluation: pd.DataFrame, score: np.ndarray) -> pd.DataFrame:
    rounded = np.round(score, SCORE_DECIMALS)
    # A score rounded to exactly 0 or 1 would make log loss depend on the reader's clipping rule.
    if rounded.min() <= 0.0 or rounded.max() >= 1.0:
        raise SystemExit(f"a score rounds to 0 or 1 at {SCORE_DECIMALS} decimals; keep more decimals")
    return pd.DataFrame(
        {
            "id": evaluation["customer_id"],
            "label": evaluation[LABEL],
            "score": rounded,
            "prediction": (rounded >= THRESHOLD).astype(int),
            "region": evaluation["region"],
            "plan": evaluation["plan"],
        }
    )


def read_latency(spec: ModelSpec, model: Pipeline, evaluation: pd.DataFrame, remeasure: bool) -> dict[str, object]:
    path = EXAMPLES / "eval" / spec.name / "latency.json"
    if remeasure or not path.exists():
        return write_latency(spec, model, evaluation)
    return json.loads(path.read_text())


def write_metrics_yaml(path: Path, metrics: dict[str, float], latency: dict[str, float], rows: int) -> None:
    lines = [
        f"# Candidate churn model on examples/data/eval.csv ({rows} customers): plain nested metrics,",
        "# the DVC style. Written by examples/scripts/train.py.",
        *(f"{name}: {value!r}" for name, value in metrics.items()),
        "latency:",
        *(f"  {name}: {value!r}" for name, value in latency.items()),
    ]
    path.write_text("\n".join(lines) + "\n")


def evaluate(spec: ModelSpec, train: pd.DataFrame, evaluation: pd.DataFrame, remeasure: bool) -> dict[str, float]:
    out = EXAMPLES / "eval" / spec.name
    out.mkdir(parents=True, exist_ok=True)
    model = fit(spec, train)
    predictions = predictions_frame(evaluation, model.predict_proba(evaluation[spec.features])[:, 1])
    predictions.to_csv(out / "predictions.csv", index=False, float_format=f"%.{SCORE_DECIMALS}f", lineterminator="\n")

    label = predictions["label"].to_numpy()
    score = predictions["score"].to_numpy()
    measured = read_latency(spec, model, evaluation, remeasure)
    latency = {key: measured[key] for key in ("p50_ms", "p95_ms", "p99_ms")}
    metrics = {**classification_metrics(label, score), "latency": latency}
    slices = {}
    for column in SLICE_COLUMNS:
        for value in sorted(predictions[column].unique()):
            members = (predictions[column] == value).to_numpy()
            slices[f"{column}={value}"] = classification_metrics(label[members], score[members])

    report = {
        "schema": "slipway/eval@1",
        "model": "churn",
        "task": "binary-classification",
        "metrics": metrics,
        "slices": slices,
        "predictions": "predictions.csv",
        "meta": {
            "trainer": spec.trainer,
            "seed": SEED,
            "train_rows": len(train),
            "eval_rows": len(evaluation),
            "features": spec.features,
            "hyperparameters": spec.hyperparameters,
            "threshold": THRESHOLD,
            "data": {
                "train": {"path": "../../data/train.csv", "digest": sha256(DATA / "train.csv")},
                "eval": {"path": "../../data/eval.csv", "digest": sha256(DATA / "eval.csv")},
            },
            "latency": {
                "source": "latency.json",
                "requests": measured["requests"],
                "environment": measured["environment"],
            },
            "scikit_learn": sklearn.__version__,
        },
    }
    (out / "eval.json").write_text(format_json(report) + "\n")
    if spec.name == "candidate":
        write_metrics_yaml(out / "metrics.yaml", classification_metrics(label, score), latency, len(evaluation))
    return metrics


def main() -> None:
    remeasure = "--remeasure-latency" in sys.argv[1:]
    train = pd.read_csv(DATA / "train.csv")
    evaluation = pd.read_csv(DATA / "eval.csv")
    for spec in MODELS:
        metrics = evaluate(spec, train, evaluation, remeasure)
        print(
            f"{spec.name}: roc_auc {metrics['roc_auc']:.4f} accuracy {metrics['accuracy']:.4f}"
            f" log_loss {metrics['log_loss']:.4f}"
        )


if __name__ == "__main__":
    main()
