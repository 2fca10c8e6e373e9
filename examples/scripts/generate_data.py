"""Generates the synthetic customer-churn datasets of the example repository.

Writes, under examples/data/:
  train.csv                8,000 customers, to fit the models
  eval.csv                 4,000 other customers, to evaluate them
  production.csv           2,000 customers from a later month, same distribution (no drift)
  production-drifted.csv   2,000 customers from a later month after a price rise and an APAC
                           sales push (drift on purpose)

Every draw comes from a numpy PCG64 generator with a fixed seed, so two runs write the same bytes.
The generative story is documented in examples/data/README.md; the constants below are that story.

Run with Debian's python3 (numpy, pandas): /usr/bin/python3 examples/scripts/generate_data.py
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

REGIONS = ("eu", "us", "apac", "latam")
PLANS = ("basic", "pro", "enterprise")

# List price per plan (USD per month) and regional price level (purchasing-power pricing).
LIST_PRICE = {"basic": 29.0, "pro": 99.0, "enterprise": 690.0}
PRICE_LEVEL = {"eu": 1.0, "us": 1.0, "apac": 0.9, "latam": 0.7}
# Spread of the seat-count/add-on multiplier around the list price (log scale).
SPEND_LOG_SD = 0.45

# Plan mix within each region.
PLAN_MIX = {
    "eu": (0.52, 0.34, 0.14),
    "us": (0.48, 0.36, 0.16),
    "apac": (0.50, 0.36, 0.14),
    "latam": (0.66, 0.28, 0.06),
}
# Mean tenure (months) of the exponential tenure distribution, per plan.
TENURE_SCALE = {"basic": 14.0, "pro": 20.0, "enterprise": 30.0}
MAX_TENURE = 72
# Baseline support-ticket rate per 90 days, per plan.
TICKET_RATE = {"basic": 0.6, "pro": 1.0, "enterprise": 2.0}
MAX_LOGIN_GAP = 90


@dataclass(frozen=True)
class Population:
    """The distribution a batch of customers is drawn from."""

    region_share: tuple[float, float, float, float] = (0.34, 0.36, 0.18, 0.12)
    # Multiplier on every customer's monthly spend (1.0 = today's prices).
    price_factor: float = 1.0
    plan_mix: dict[str, tuple[float, float, float]] = field(default_factory=lambda: dict(PLAN_MIX))


TODAY = Population()
# Three months later: list prices rose 18% everywhere, and an APAC sales push doubled APAC's
# share of customers (taken from the other three regions).
DRIFTED = Population(region_share=(0.27, 0.29, 0.36, 0.08), price_factor=1.18)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def churn_logit(
    region: np.ndarray,
    plan: np.ndarray,
    tenure: np.ndarray,
    spend_ratio: np.ndarray,
    tickets: np.ndarray,
    engagement: np.ndarray,
) -> np.ndarray:
    """Log-odds of churning within 60 days.

    Outside APAC, customers buy monthly self-serve subscriptions: churn is driven by onboarding
    risk in the first months (a decaying, not linear, effect of tenure), by repeated support
    problems (a hinge above two tickets; enterprise accounts have a dedicated success manager, and
    for them tickets are a sign of use that lowers the risk), by bill shock on the basic plan
    (paying above list price), and only a little by product usage.

    In APAC most accounts are annual contracts sold through resellers: spend is fixed by the
    reseller deal and tickets go to the reseller, so neither says much. Whether the team still
    uses the product (the latent engagement, observed through days since last login) is what
    predicts non-renewal.
    """
    apac = region == "apac"
    base = np.select([region == "eu", region == "us", region == "latam", apac], [-1.55, -1.45, -1.1, -0.55])
    plan_effect = np.select([plan == "basic", plan == "pro", plan == "enterprise"], [0.0, -0.4, -1.0])
    onboarding = 3.0 * np.exp(-tenure / 4.0) - 0.012 * tenure
    trouble = np.where(plan == "enterprise", -0.3 * tickets, 1.0 * np.maximum(0, tickets - 2))
    bill_shock = np.where(plan == "basic", 2.5 * np.maximum(0.0, np.log(spend_ratio)), 0.0)
    self_serve = plan_effect + onboarding + trouble + bill_shock - 0.15 * engagement
    reseller = 0.3 * plan_effect + 0.5 * onboarding + 0.1 * tickets - 2.0 * engagement
    return base + np.where(apac, reseller, self_serve)


def draw_customers(n: int, seed: int, first_id: int, population: Population = TODAY) -> pd.DataFrame:
    rng = np.random.Generator(np.random.PCG64(seed))
    region = rng.choice(np.array(REGIONS), size=n, p=np.array(population.region_share))
    plan = np.empty(n, dtype=object)
    for r in REGIONS:
        idx = np.flatnonzero(region == r)
        plan[idx] = rng.choice(np.array(PLANS), size=idx.size, p=np.array(population.plan_mix[r]))
    plan = plan.astype(str)

    tenure_scale = np.array([TENURE_SCALE[p] for p in plan])
    tenure = np.minimum(MAX_TENURE, 1 + np.floor(rng.exponential(tenure_scale))).astype(int)

    list_price = np.array([LIST_PRICE[p] for p in plan]) * np.array([PRICE_LEVEL[r] for r in region])
    spend_ratio = np.exp(rng.normal(0.0, SPEND_LOG_SD, size=n))
    monthly_spend = np.round(list_price * spend_ratio * population.price_factor, 2)

    # Two latent traits: friction (how much trouble the product gives this customer) and
    # engagement (how much the team uses it). Neither is observed directly.
    friction = rng.normal(size=n)
    engagement = rng.normal(size=n)
    ticket_rate = np.array([TICKET_RATE[p] for p in plan]) * np.exp(0.6 * friction)
    support_tickets = rng.poisson(ticket_rate)
    login_gap = 4.0 * np.exp(-engagement + rng.normal(0.0, 0.6, size=n))
    last_login_days = np.minimum(MAX_LOGIN_GAP, np.floor(login_gap)).astype(int)

    # The price rise is felt as bill shock: the churn model sees the ratio to today's list price.
    logit = churn_logit(region, plan, tenure, spend_ratio * population.price_factor, support_tickets, engagement)
    churned = (rng.random(n) < sigmoid(logit)).astype(int)

    return pd.DataFrame(
        {
            "customer_id": [f"C{first_id + i:06d}" for i in range(n)],
            "region": region,
            "plan": plan,
            "tenure_months": tenure,
            "monthly_spend": monthly_spend,
            "support_tickets": support_tickets,
            "last_login_days": last_login_days,
            "churned": churned,
        }
    )


def write_csv(frame: pd.DataFrame, name: str) -> None:
    path = DATA_DIR / name
    frame.to_csv(path, index=False, float_format="%.2f", lineterminator="\n")
    print(f"{path.relative_to(DATA_DIR.parent.parent)}: {len(frame)} rows, churn rate {frame.churned.mean():.3f}")


def main() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # One population of 12,000 customers, split at random so train and eval share a distribution.
    customers = draw_customers(12_000, seed=20_240_601, first_id=1)
    order = np.random.Generator(np.random.PCG64(17)).permutation(len(customers))
    write_csv(customers.iloc[np.sort(order[:8_000])], "train.csv")
    write_csv(customers.iloc[np.sort(order[8_000:])], "eval.csv")
    write_csv(draw_customers(2_000, seed=20_240_901, first_id=100_001), "production.csv")
    write_csv(draw_customers(2_000, seed=20_240_902, first_id=200_001, population=DRIFTED), "production-drifted.csv")


if __name__ == "__main__":
    main()
