import type { PairedPredictions } from "../eval/paired-predictions.js";
import type { FlipExample, Flips } from "./model-diff.js";

/** How many newly-wrong and newly-right examples a diff lists by default. */
export const DEFAULT_FLIP_EXAMPLES = 10;

/**
 * Per-example flips between the baseline and the candidate (SPEC §5, `flips`): an example is
 * right when the predicted class equals the label (classification) or when it passed
 * (generation). `regressed` counts right → wrong, `improved` wrong → right, `unchanged` the rest.
 *
 * The listed examples are ordered by how confident the wrong (or right) answer was: regressed
 * examples by the candidate's probability of its wrong class, highest first; improved ones by the
 * candidate's probability of the now-right class, highest first; ties (and files without scores)
 * keep the file order. The scores shown are the positive-class probability for binary tasks, each
 * model's score of its own predicted class for multiclass, and the per-example score for
 * generation.
 *
 * Returns null when flips are not defined: regression (a prediction is not right or wrong, only
 * nearer or farther, which the error metrics already measure), ranking, and generation files
 * without a `passed` column.
 */
export function predictionFlips(paired: PairedPredictions, maxExamples = DEFAULT_FLIP_EXAMPLES): Flips | null {
  const { task, n, label, baseline, candidate } = paired;
  if (task === "regression" || task === "ranking") return null;
  const generation = task === "generation";
  if (generation && (hasNaNValues(baseline.prediction) || hasNaNValues(candidate.prediction))) return null;
  const right = (prediction: Float64Array, i: number): boolean =>
    generation ? prediction[i] === 1 : prediction[i] === label[i];
  const confidence = (side: "baseline" | "candidate", i: number): number | null => {
    const { prediction, score } = paired[side];
    if (score === null) return null;
    if (task === "binary-classification") {
      const p = score[i] as number;
      return prediction[i] === 1 ? p : 1 - p;
    }
    if (task === "multiclass-classification") {
      const k = paired.classes?.length ?? 0;
      return score[i * k + (prediction[i] as number)] as number;
    }
    return score[i] as number;
  };
  let improved = 0;
  let regressed = 0;
  const worst = new TopExamples(maxExamples);
  const best = new TopExamples(maxExamples);
  for (let i = 0; i < n; i++) {
    const b = right(baseline.prediction, i);
    const c = right(candidate.prediction, i);
    if (b === c) continue;
    if (b) {
      regressed++;
      worst.offer(i, confidence("candidate", i) ?? 0);
    } else {
      improved++;
      best.offer(i, confidence("candidate", i) ?? 0);
    }
  }
  const describe = (i: number): FlipExample => ({
    id: paired.ids[i] ?? String(i),
    label: generation ? "pass" : className(paired, label[i] as number),
    baseline_prediction: outcomeName(paired, baseline.prediction[i] as number),
    candidate_prediction: outcomeName(paired, candidate.prediction[i] as number),
    baseline_score: shownScore(paired, "baseline", i),
    candidate_score: shownScore(paired, "candidate", i),
  });
  return {
    improved,
    regressed,
    unchanged: n - improved - regressed,
    examples: { regressed: worst.indices().map(describe), improved: best.indices().map(describe) },
  };
}

function hasNaNValues(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

function className(paired: PairedPredictions, value: number): string {
  if (paired.task === "multiclass-classification") return paired.classes?.[value] ?? String(value);
  return String(value);
}

function outcomeName(paired: PairedPredictions, value: number): string {
  return paired.task === "generation" ? (value === 1 ? "pass" : "fail") : className(paired, value);
}

function shownScore(paired: PairedPredictions, side: "baseline" | "candidate", i: number): number | null {
  const { prediction, score } = paired[side];
  if (score === null) return null;
  if (paired.task === "multiclass-classification") {
    const k = paired.classes?.length ?? 0;
    return score[i * k + (prediction[i] as number)] as number;
  }
  const value = score[i] as number;
  return Number.isFinite(value) ? value : null;
}

/** The `limit` examples with the highest key, earliest first among equal keys, in one pass. */
class TopExamples {
  private readonly kept: { index: number; key: number }[] = [];
  constructor(private readonly limit: number) {}

  offer(index: number, key: number): void {
    if (this.limit <= 0) return;
    const kept = this.kept;
    if (kept.length === this.limit && !(key > (kept[kept.length - 1] as { key: number }).key)) return;
    let at = kept.length;
    while (at > 0 && key > (kept[at - 1] as { key: number }).key) at--;
    kept.splice(at, 0, { index, key });
    if (kept.length > this.limit) kept.pop();
  }

  indices(): number[] {
    return this.kept.map((k) => k.index);
  }
}
