import { describe, expect, it } from "vitest";
import { compareEvaluations } from "../../src/compare/compare-evaluations.js";
import { simulatedBinary } from "./simulated-predictions.js";

const sources = { baselineSource: "baseline.json", candidateSource: "candidate.json", resamples: 1000 };

describe("slice intervals that need an index bootstrap", () => {
  const paired = simulatedBinary(3000, 3);

  it("are computed only for the metrics a slice rule judges, the rest keep point estimates", () => {
    const diff = compareEvaluations({ kind: "predictions", paired }, { ...sources, sliceIndexBootstrap: ["accuracy"] });
    const slices = diff.metrics.filter((r) => r.slice !== null);
    const ap = slices.filter((r) => r.metric === "average_precision");
    const ece = slices.filter((r) => r.metric === "ece");
    expect(ap.length).toBeGreaterThan(0);
    expect(ap.every((r) => r.method === "point" && r.ci === null && r.baseline !== null)).toBe(true);
    expect(ece.every((r) => r.method === "point" && r.ci === null)).toBe(true);
    // Analytic and cell-level intervals are cheap and stay on every slice.
    expect(slices.filter((r) => r.metric === "f1").every((r) => r.method === "bootstrap" && r.ci !== null)).toBe(true);
    expect(slices.filter((r) => r.metric === "roc_auc").every((r) => r.method === "delong")).toBe(true);
    // The overall row is always resampled.
    expect(diff.metrics.find((r) => r.metric === "average_precision" && r.slice === null)?.ci).not.toBeNull();
    expect(diff.notes).toContain(
      "average_precision, ece: slice rows show point estimates; their bootstrap intervals are computed only for metrics a slice rule judges",
    );
  });

  it("resamples metrics that share one bootstrap together when a rule judges either", () => {
    const diff = compareEvaluations({ kind: "predictions", paired }, { ...sources, sliceIndexBootstrap: ["ece"] });
    const shared = diff.metrics.filter(
      (r) => r.slice !== null && (r.metric === "ece" || r.metric === "average_precision"),
    );
    expect(shared.every((r) => r.method === "bootstrap" && r.ci !== null)).toBe(true);
  });

  it("gives the same slice intervals as the unrestricted comparison for the metrics it keeps", () => {
    const all = compareEvaluations({ kind: "predictions", paired }, sources);
    const some = compareEvaluations(
      { kind: "predictions", paired },
      { ...sources, sliceIndexBootstrap: ["average_precision"] },
    );
    const pick = (d: typeof all) => d.metrics.filter((r) => r.metric === "average_precision").map((r) => r.ci);
    expect(pick(some)).toEqual(pick(all));
  });
});
