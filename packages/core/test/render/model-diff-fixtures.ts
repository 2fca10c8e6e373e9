import type {
  ComparisonMethod,
  FlipExample,
  MetricComparison,
  ModelDiff,
  Verdict,
} from "../../src/compare/model-diff.js";
import type { DriftTable } from "../../src/render/drift-table.js";
import { normalTwoSidedPValue } from "../../src/stats/normal-distribution.js";

/*
 * Hand-built `slipway/diff@1` values shaped like what the comparison produces for real models. The
 * slice rows of the binary classifier come from a seeded generator so the fixture stays short; the
 * rows a reviewer would look at (the failing and warning ones) are written out.
 */

interface RowSpec {
  readonly slice?: string | null;
  readonly ci?: readonly [number, number] | null;
  readonly p?: number | null;
  readonly pAdjusted?: number | null;
  readonly n?: number | null;
  readonly direction?: "higher" | "lower" | null;
  readonly method?: ComparisonMethod;
  readonly verdict?: Verdict;
  readonly reasons?: readonly string[];
}

export function row(
  metric: string,
  baseline: number | null,
  candidate: number | null,
  spec: RowSpec = {},
): MetricComparison {
  return {
    metric,
    slice: spec.slice ?? null,
    baseline,
    candidate,
    delta: baseline === null || candidate === null ? null : candidate - baseline,
    ci: spec.ci ?? null,
    p_value: spec.p ?? null,
    p_adjusted: spec.pAdjusted ?? null,
    n: spec.n ?? null,
    direction: spec.direction === undefined ? "higher" : spec.direction,
    method: spec.method ?? "point",
    verdict: spec.verdict ?? "not-gated",
    reasons: spec.reasons ?? [],
  };
}

/** A small linear congruential generator (Numerical Recipes constants): deterministic fixture noise. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BINARY_METRICS: readonly {
  name: string;
  value: number;
  direction: "higher" | "lower";
  method: ComparisonMethod;
}[] = [
  { name: "accuracy", value: 0.9121, direction: "higher", method: "mcnemar-newcombe" },
  { name: "precision", value: 0.8433, direction: "higher", method: "bootstrap" },
  { name: "recall", value: 0.7912, direction: "higher", method: "bootstrap" },
  { name: "f1", value: 0.8164, direction: "higher", method: "bootstrap" },
  { name: "roc_auc", value: 0.9468, direction: "higher", method: "delong" },
  { name: "average_precision", value: 0.8875, direction: "higher", method: "bootstrap" },
  { name: "log_loss", value: 0.2231, direction: "lower", method: "paired-mean" },
  { name: "brier", value: 0.0684, direction: "lower", method: "paired-mean" },
];

const SLICES: readonly { slice: string; n: number }[] = [
  { slice: "region=eu", n: 4_210 },
  { slice: "region=us", n: 5_874 },
  { slice: "region=apac", n: 1_961 },
  { slice: "plan=free", n: 7_310 },
  { slice: "plan=pro", n: 3_902 },
  { slice: "plan=enterprise", n: 833 },
  { slice: "device=ios", n: 5_120 },
  { slice: "device=android", n: 6_887 },
  { slice: "device=web", n: 38 },
];

const GATED = new Set(["accuracy", "recall", "roc_auc"]);
const PAIRED = 12_045;

function generatedRows(seed: number, shift: number): MetricComparison[] {
  const random = noise(seed);
  const rows: MetricComparison[] = [];
  for (const s of SLICES) {
    for (const m of BINARY_METRICS) {
      const baseline = m.value + (random() - 0.5) * 0.06;
      const change = (random() - 0.5 + shift) * 0.012 * (m.direction === "lower" ? -1 : 1);
      const half = 1.96 * Math.sqrt((baseline * (1 - baseline)) / s.n) * 0.6;
      const delta = change;
      const small = s.n < 100;
      // p from the interval's normal approximation; Holm's largest multiplier over the 9 slices.
      const p = normalTwoSidedPValue(delta / (half / 1.96));
      rows.push(
        row(m.name, baseline, baseline + delta, {
          slice: s.slice,
          ci: [delta - half, delta + half],
          p,
          pAdjusted: Math.min(1, p * SLICES.length),
          n: s.n,
          direction: m.direction,
          method: m.method,
          verdict: GATED.has(m.name) && !small ? "pass" : "not-gated",
          reasons: small ? [`n = ${s.n} is below min_slice_size 100`] : [],
        }),
      );
    }
  }
  return rows;
}

function replace(rows: MetricComparison[], replacement: MetricComparison): MetricComparison[] {
  return rows.map((r) => (r.metric === replacement.metric && r.slice === replacement.slice ? replacement : r));
}

function example(
  id: string,
  label: string,
  baseline: string,
  candidate: string,
  baselineScore: number | null,
  candidateScore: number | null,
): FlipExample {
  return {
    id,
    label,
    baseline_prediction: baseline,
    candidate_prediction: candidate,
    baseline_score: baselineScore,
    candidate_score: candidateScore,
  };
}

const STATISTICS = {
  confidence: 0.95,
  resamples: 2_000,
  seed: 20_240_611,
  correction: "holm" as const,
  paired: PAIRED,
  unpaired: { baseline_only: 0, candidate_only: 0 },
};

/** A churn classifier whose candidate trades a little recall for precision: the gate warns on one slice. */
export function binaryWarningDiff(): ModelDiff {
  let slices = generatedRows(7, 0.15);
  slices = replace(
    slices,
    row("recall", 0.7644, 0.7471, {
      slice: "plan=free",
      ci: [-0.0291, -0.0055],
      p: 0.004,
      pAdjusted: 0.021,
      n: 7_310,
      method: "bootstrap",
      verdict: "warn",
      reasons: ["recall on plan=free dropped by 0.0173 (95% CI [−0.0291, −0.0055]); warn when the drop exceeds 0.01"],
    }),
  );
  return {
    schema: "slipway/diff@1",
    model: "churn-classifier",
    task: "binary-classification",
    decision: "warn",
    reasons: ["recall on plan=free dropped by 0.0173 (95% CI [−0.0291, −0.0055]); warn when the drop exceeds 0.01"],
    metrics: [
      row("accuracy", 0.9121, 0.9158, {
        ci: [0.0009, 0.0065],
        p: 0.011,
        n: PAIRED,
        method: "mcnemar-newcombe",
        verdict: "pass",
        reasons: ["accuracy: drop tolerated up to 0.01"],
      }),
      row("precision", 0.8433, 0.8611, { ci: [0.0087, 0.0269], p: 0.0002, n: PAIRED, method: "bootstrap" }),
      row("recall", 0.7912, 0.7868, {
        ci: [-0.0117, 0.0029],
        p: 0.24,
        n: PAIRED,
        method: "bootstrap",
        verdict: "pass",
      }),
      row("f1", 0.8164, 0.8229, { ci: [0.0006, 0.0124], p: 0.031, n: PAIRED, method: "bootstrap" }),
      row("roc_auc", 0.9468, 0.9493, { ci: [0.0004, 0.0046], p: 0.019, n: PAIRED, method: "delong", verdict: "pass" }),
      row("average_precision", 0.8875, 0.8921, { ci: [-0.0003, 0.0095], p: 0.066, n: PAIRED, method: "bootstrap" }),
      row("log_loss", 0.2231, 0.2174, {
        ci: [-0.0101, -0.0013],
        p: 0.012,
        n: PAIRED,
        direction: "lower",
        method: "paired-mean",
      }),
      row("brier", 0.0684, 0.0671, {
        ci: [-0.0025, -0.0001],
        p: 0.034,
        n: PAIRED,
        direction: "lower",
        method: "paired-mean",
      }),
      ...slices,
    ],
    flips: {
      improved: 312,
      regressed: 267,
      unchanged: 11_466,
      examples: {
        regressed: [
          example("cust-000812", "churned", "churned", "stayed", 0.91, 0.12),
          example("cust-004417", "churned", "churned", "stayed", 0.83, 0.21),
          example("cust-010233", "stayed", "stayed", "churned", 0.18, 0.77),
          example("cust-002291", "churned", "churned", "stayed", 0.72, 0.29),
          example("cust-007750", "stayed", "stayed", "churned", 0.31, 0.64),
        ],
        improved: [
          example("cust-003360", "churned", "stayed", "churned", 0.08, 0.88),
          example("cust-009121", "stayed", "churned", "stayed", 0.79, 0.11),
          example("cust-000045", "churned", "stayed", "churned", 0.33, 0.71),
        ],
      },
    },
    baseline_source: "registry:churn-classifier@production",
    candidate_source: "eval/candidate/report.json",
    statistics: STATISTICS,
    notes: ["Slice device=web has 38 paired examples, below min_slice_size 100: shown, not gated."],
  };
}

/**
 * The same model with a candidate that loses recall: two rules block the merge. Its slice values,
 * labels and ids carry the kind of text that must not render as Markdown (mentions, links, HTML).
 */
export function binaryFailingDiff(): ModelDiff {
  let slices = generatedRows(11, -0.2);
  const failures = [
    row("recall", 0.7402, 0.6929, {
      slice: "region=apac",
      ci: [-0.0688, -0.0254],
      p: 0.00002,
      pAdjusted: 0.00006,
      n: 1_961,
      method: "bootstrap",
      verdict: "fail",
      reasons: ["recall on region=apac dropped by 0.0473 (95% CI [−0.0688, −0.0254]); max_drop is 0.02"],
    }),
    row("recall", 0.7981, 0.7862, {
      slice: "region=eu",
      ci: [-0.0229, -0.0009],
      p: 0.034,
      pAdjusted: 0.068,
      n: 4_210,
      method: "bootstrap",
      verdict: "warn",
      reasons: ["recall on region=eu dropped by 0.0119; warn when the drop exceeds 0.01"],
    }),
    row("accuracy", 0.9011, 0.8822, {
      slice: "device=web",
      ci: [-0.0912, 0.0534],
      p: 0.61,
      pAdjusted: 1,
      n: 38,
      method: "mcnemar-newcombe",
      verdict: "not-gated",
      reasons: ["n = 38 is below min_slice_size 100"],
    }),
  ];
  for (const f of failures) slices = replace(slices, f);
  return {
    schema: "slipway/diff@1",
    model: "churn-classifier",
    task: "binary-classification",
    decision: "fail",
    reasons: [
      "recall dropped by 0.0262 (95% CI [−0.0339, −0.0186]); max_drop is 0.02",
      "recall on region=apac dropped by 0.0473 (95% CI [−0.0688, −0.0254]); max_drop is 0.02",
      "recall on region=eu dropped by 0.0119; warn when the drop exceeds 0.01",
    ],
    metrics: [
      row("accuracy", 0.9121, 0.9077, {
        ci: [-0.0074, -0.0014],
        p: 0.004,
        n: PAIRED,
        method: "mcnemar-newcombe",
        verdict: "pass",
      }),
      row("precision", 0.8433, 0.8519, { ci: [-0.0002, 0.0171], p: 0.057, n: PAIRED, method: "bootstrap" }),
      row("recall", 0.7912, 0.765, {
        ci: [-0.0339, -0.0186],
        p: 0.0000004,
        n: PAIRED,
        method: "bootstrap",
        verdict: "fail",
        reasons: ["recall dropped by 0.0262 (95% CI [−0.0339, −0.0186]); max_drop is 0.02"],
      }),
      row("f1", 0.8164, 0.8063, { ci: [-0.0158, -0.0045], p: 0.0006, n: PAIRED, method: "bootstrap" }),
      row("roc_auc", 0.9468, 0.9431, { ci: [-0.0064, -0.001], p: 0.008, n: PAIRED, method: "delong", verdict: "pass" }),
      row("average_precision", 0.8875, 0.8811, { ci: [-0.0119, -0.0008], p: 0.024, n: PAIRED, method: "bootstrap" }),
      row("log_loss", 0.2231, 0.2318, {
        ci: [0.0041, 0.0133],
        p: 0.0002,
        n: PAIRED,
        direction: "lower",
        method: "paired-mean",
      }),
      row("brier", 0.0684, 0.0702, {
        ci: [0.0006, 0.003],
        p: 0.003,
        n: PAIRED,
        direction: "lower",
        method: "paired-mean",
      }),
      ...slices,
    ],
    flips: {
      improved: 198,
      regressed: 251,
      unchanged: 11_596,
      examples: {
        regressed: [
          example("cust-000812", "churned", "churned", "stayed", 0.93, 0.04),
          example("@octocat please look", "churned", "churned", "stayed", 0.88, 0.09),
          example("see https://evil.example/x", "churned", "churned", "stayed", 0.81, 0.17),
          example("cust-|pipe|-<b>bold</b>", "stayed", "stayed", "churned", 0.12, 0.79),
          example("[click](javascript:alert(1))", "churned", "churned", "stayed", 0.74, 0.22),
          example("cust-007750", "stayed <!-- hidden -->", "stayed", "churned", 0.3, 0.61),
        ],
        improved: [
          example("cust-003360", "churned", "stayed", "churned", 0.1, 0.86),
          example("fixes #123", "stayed", "churned", "stayed", 0.68, 0.18),
        ],
      },
    },
    baseline_source: "registry:churn-classifier@production",
    candidate_source: "eval/candidate/report.json",
    statistics: { ...STATISTICS, unpaired: { baseline_only: 14, candidate_only: 3 } },
    notes: [
      "14 baseline-only and 3 candidate-only examples were left out of the paired comparison.",
      "Slice device=web has 38 paired examples, below min_slice_size 100: shown, not gated.",
    ],
  };
}

export function failingDrift(): DriftTable {
  return {
    result: "warn",
    rows: [
      { column: "tenure_months", method: "psi", value: 0.0412, threshold: 0.2, drifted: false },
      { column: "monthly_charges", method: "wasserstein", value: 0.137, threshold: 0.1, drifted: true },
      { column: "contract_type", method: "jensen-shannon", value: 0.0219, threshold: 0.1, drifted: false },
      { column: "support_calls", method: "psi", value: 0.2641, threshold: 0.2, drifted: true },
    ],
  };
}

/** A house-price regressor: paired-mean MAE, bootstrap RMSE and R², all passing. */
export function regressionDiff(): ModelDiff {
  const n = 4_128;
  const slice = (
    s: string,
    size: number,
    base: number,
    cand: number,
    half: number,
    verdict: Verdict,
  ): MetricComparison =>
    row("mae", base, cand, {
      slice: s,
      ci: [cand - base - half, cand - base + half],
      p: 0.2,
      pAdjusted: 0.6,
      n: size,
      direction: "lower",
      method: "paired-mean",
      verdict,
    });
  return {
    schema: "slipway/diff@1",
    model: "house-prices",
    task: "regression",
    decision: "pass",
    reasons: [],
    metrics: [
      row("mae", 31_204.7, 29_877.2, {
        ci: [-1_804.1, -850.9],
        p: 0.00001,
        n,
        direction: "lower",
        method: "paired-mean",
        verdict: "pass",
      }),
      row("rmse", 48_911.3, 47_015.8, {
        ci: [-2_902.6, -911.2],
        p: 0.0004,
        n,
        direction: "lower",
        method: "bootstrap",
        verdict: "pass",
      }),
      row("r2", 0.8123, 0.8264, { ci: [0.0061, 0.0222], p: 0.0008, n, method: "bootstrap", verdict: "pass" }),
      slice("ocean_proximity=inland", 1_310, 24_118.5, 23_740.1, 720.4, "pass"),
      slice("ocean_proximity=near_bay", 457, 35_992.0, 36_871.4, 2_410.8, "pass"),
      slice("ocean_proximity=island", 2, 91_000.0, 104_500.0, 0, "not-gated"),
    ].map((r) =>
      r.slice === "ocean_proximity=island"
        ? { ...r, ci: null, p_value: null, p_adjusted: null, reasons: ["n = 2 is below min_slice_size 30"] }
        : r,
    ),
    baseline_source: "git:main:models/house-prices/eval.json",
    candidate_source: "models/house-prices/eval.json",
    statistics: { ...STATISTICS, paired: n, correction: "holm" },
    notes: [],
  };
}

/** Two DVC-style metrics files: no predictions, so no intervals, p-values or flips. */
export function metricsFileDiff(): ModelDiff {
  return {
    schema: "slipway/diff@1",
    model: null,
    task: null,
    decision: "pass",
    reasons: [],
    metrics: [
      row("accuracy", 0.8712, 0.8745, { verdict: "pass" }),
      row("loss", 0.3311, 0.3297, { direction: "lower" }),
      row("latency.p50", 12.4, 11.9, { direction: "lower", verdict: "pass" }),
      row("latency.p95", 41.07, 44.82, { direction: "lower", verdict: "pass" }),
      row("model_size_mb", 243.1, 243.1, { direction: null }),
      row("train.epochs", 30, 40, { direction: null }),
      row("eval.samples", null, 50_000, { direction: null }),
    ],
    baseline_source: "git:main:metrics.json",
    candidate_source: "metrics.json",
    statistics: null,
    notes: ["No per-example predictions: deltas are point estimates, without intervals."],
  };
}

/** A diff with thousands of slices and absurdly long ids, reasons and sources. */
export function hugeDiff(slices = 5_000, idLength = 10_000): ModelDiff {
  const longId = (i: number) => `${"x".repeat(idLength - 8)}${String(i).padStart(8, "0")}`;
  const metrics: MetricComparison[] = [
    row("accuracy", 0.9, 0.88, {
      ci: [-0.03, -0.01],
      p: 0.001,
      n: 1_000_000,
      method: "mcnemar-newcombe",
      verdict: "fail",
      reasons: ["accuracy dropped"],
    }),
  ];
  const reasons: string[] = ["accuracy dropped"];
  for (let i = 0; i < slices; i++) {
    const name = `segment=${longId(i)}`;
    const failing = i % 3 === 0;
    metrics.push(
      row("accuracy", 0.9, 0.9 - (i % 7) * 0.01, {
        slice: name,
        ci: [-(i % 7) * 0.01 - 0.01, -(i % 7) * 0.01 + 0.01],
        p: 0.01,
        pAdjusted: 0.05,
        n: 200,
        method: "mcnemar-newcombe",
        verdict: failing ? "fail" : "pass",
        reasons: failing ? [`accuracy on ${name} dropped`] : [],
      }),
    );
    if (failing) reasons.push(`accuracy on ${name} dropped`);
  }
  const examples = Array.from({ length: 50 }, (_, i) => example(longId(i), "1".repeat(idLength), "1", "0", 0.9, 0.1));
  return {
    schema: "slipway/diff@1",
    model: `model-${longId(0)}`,
    task: "binary-classification",
    decision: "fail",
    reasons,
    metrics,
    flips: { improved: 50, regressed: 50, unchanged: 999_900, examples: { regressed: examples, improved: examples } },
    baseline_source: `registry:${longId(1)}`,
    candidate_source: `eval/${longId(2)}.json`,
    statistics: { ...STATISTICS, paired: 1_000_000 },
    notes: Array.from({ length: 200 }, (_, i) => `note ${i}: ${longId(i)}`),
  };
}
