"""Data validation's reference implementation for bench/data.mjs: pandas, as a team would write it.

    /usr/bin/python3 bench/reference/data_reference.py DATA.csv CONTRACT.yml REFERENCE.csv

Reads the file with `pandas.read_csv`, applies the contract's rules (type, nullable, min/max, enum,
full-match regex, unique) column by column, counts the violations, and measures drift against the
reference sample with the contract's methods (Jensen–Shannon distance on category shares, PSI on
the reference's deciles, Wasserstein distance over the reference's standard deviation). Prints one
JSON object with the row count, the violation counts, the drift values and the time of each phase.
"""

import json
import sys
import time

import numpy as np
import pandas as pd
import yaml
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance


def to_typed(series, kind):
    """The column as the contract's type, with a mask of the present values that did not parse."""
    present = series.notna()
    if kind == "integer" or kind == "number":
        typed = pd.to_numeric(series, errors="coerce")
        bad = present & typed.isna()
        if kind == "integer":
            bad |= typed.notna() & (typed != np.floor(typed))
        return typed, bad
    if kind == "boolean":
        if series.dtype == bool:
            return series, pd.Series(False, index=series.index)
        lowered = series.astype("string").str.lower()
        typed = lowered.map({"true": True, "false": False})
        return typed, present & typed.isna()
    if kind in ("date", "datetime"):
        typed = pd.to_datetime(series, errors="coerce", utc=True)
        return typed, present & typed.isna()
    return series.astype("string"), pd.Series(False, index=series.index)


def bound(value, kind):
    return pd.Timestamp(value) if kind in ("date", "datetime") else value


def check(frame, contract):
    violations = {}
    for name, rule in contract["columns"].items():
        if name not in frame:
            violations[f"{name}:missing"] = len(frame)
            continue
        kind = rule["type"]
        typed, bad = to_typed(frame[name], kind)
        violations[f"{name}:type"] = int(bad.sum())
        if rule.get("nullable") is False:
            violations[f"{name}:nullable"] = int(frame[name].isna().sum())
        if "min" in rule:
            violations[f"{name}:min"] = int((typed < bound(rule["min"], kind)).sum())
        if "max" in rule:
            violations[f"{name}:max"] = int((typed > bound(rule["max"], kind)).sum())
        if "enum" in rule:
            violations[f"{name}:enum"] = int((typed.notna() & ~typed.isin(rule["enum"])).sum())
        if "regex" in rule:
            matched = typed.str.fullmatch(rule["regex"])
            violations[f"{name}:regex"] = int((typed.notna() & (matched == False)).sum())  # noqa: E712
        if rule.get("unique"):
            violations[f"{name}:unique"] = int(typed.duplicated(keep="first").sum())
    return violations


def drift(frame, reference, contract):
    values = {}
    for name, rule in contract["columns"].items():
        method = (rule.get("drift") or {}).get("method")
        if method is None:
            continue
        current, expected = frame[name].dropna(), reference[name].dropna()
        if method == "jensen_shannon":
            categories = sorted(set(current.unique()) | set(expected.unique()))
            p = expected.value_counts(normalize=True).reindex(categories, fill_value=0)
            q = current.value_counts(normalize=True).reindex(categories, fill_value=0)
            values[name] = float(jensenshannon(p, q, base=2))
        elif method == "psi":
            edges = np.unique(np.quantile(expected, np.linspace(0, 1, 11)))
            edges[0], edges[-1] = -np.inf, np.inf
            p = np.histogram(expected, edges)[0] / len(expected)
            q = np.histogram(current, edges)[0] / len(current)
            p, q = np.clip(p, 1e-4, None), np.clip(q, 1e-4, None)
            values[name] = float(np.sum((q - p) * np.log(q / p)))
        elif method == "wasserstein":
            values[name] = float(wasserstein_distance(expected, current) / expected.std())
    return values


def main():
    data, contract_file, reference_file = sys.argv[1:4]
    with open(contract_file, encoding="utf-8") as handle:
        contract = yaml.safe_load(handle)
    started = time.perf_counter()
    frame = pd.read_csv(data)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    violations = check(frame, contract)
    check_s = time.perf_counter() - started
    started = time.perf_counter()
    drifted = drift(frame, pd.read_csv(reference_file), contract)
    drift_s = time.perf_counter() - started
    failed = sum(violations.values()) > 0 or len(frame) < contract.get("min_rows", 0)
    print(
        json.dumps(
            {
                "rows": len(frame),
                "result": "fail" if failed else "pass",
                "violations": {k: v for k, v in violations.items() if v},
                "drift": drifted,
                "read_s": read_s,
                "check_s": check_s,
                "drift_s": drift_s,
            }
        )
    )


if __name__ == "__main__":
    main()
