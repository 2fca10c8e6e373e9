"""The two churn models of the example: how each is specified and fitted.

baseline  - the model in production: logistic regression on every feature, numeric ones on a log
            scale (feature set v1).
candidate - gradient-boosted trees on feature set v2, which no longer carries last_login_days:
            that column comes from the product-analytics event export, and v2 drops it so that
            serving needs only the billing and support systems. Trees capture the onboarding
            curve, the support-ticket hinge and the basic-plan bill shock that a linear model
            cannot, so the candidate is better overall; but for APAC reseller accounts days since
            last login is the one strong signal (see examples/data/README.md), and without it the
            candidate is worse there.

Shared by train.py (fit, evaluate, write reports) and measure_latency.py (time single requests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

SEED = 7
LABEL = "churned"
CATEGORICAL = ["region", "plan"]
NUMERIC_V1 = ["tenure_months", "monthly_spend", "support_tickets", "last_login_days"]
NUMERIC_V2 = ["tenure_months", "monthly_spend", "support_tickets"]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    trainer: str
    features: list[str]
    hyperparameters: dict[str, object]

    def build(self) -> Pipeline:
        numeric = [f for f in self.features if f not in CATEGORICAL]
        categorical = [f for f in self.features if f in CATEGORICAL]
        if self.name == "baseline":
            # Counts, days and money are right-skewed; a linear model fits them better on a log scale.
            log_scaled = Pipeline([("log", FunctionTransformer(np.log1p)), ("scale", StandardScaler())])
            encode = ColumnTransformer(
                [
                    ("numeric", log_scaled, numeric),
                    ("categorical", OneHotEncoder(drop="first", sparse_output=False), categorical),
                ]
            )
            return Pipeline([("encode", encode), ("model", LogisticRegression(**self.hyperparameters))])
        encode = ColumnTransformer(
            [
                ("numeric", "passthrough", numeric),
                ("categorical", OneHotEncoder(sparse_output=False), categorical),
            ]
        )
        return Pipeline([("encode", encode), ("model", GradientBoostingClassifier(**self.hyperparameters))])


BASELINE = ModelSpec(
    name="baseline",
    trainer="sklearn.linear_model.LogisticRegression",
    features=CATEGORICAL + NUMERIC_V1,
    hyperparameters={"C": 1.0, "max_iter": 1000, "random_state": SEED},
)

CANDIDATE = ModelSpec(
    name="candidate",
    trainer="sklearn.ensemble.GradientBoostingClassifier",
    features=CATEGORICAL + NUMERIC_V2,
    hyperparameters={
        "n_estimators": 200,
        "learning_rate": 0.05,
        "max_depth": 3,
        "subsample": 0.8,
        "random_state": SEED,
    },
)

MODELS = (BASELINE, CANDIDATE)


def fit(spec: ModelSpec, train: pd.DataFrame) -> Pipeline:
    return spec.build().fit(train[spec.features], train[LABEL])
