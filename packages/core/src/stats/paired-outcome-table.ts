/**
 * The paired 2×2 table of per-example outcomes (correct/incorrect, passed/failed) of two models on
 * the same examples. Accuracy and pass rate are its margins:
 * candidate = (bothCorrect + candidateOnly)/n, baseline = (bothCorrect + baselineOnly)/n, and their
 * difference is (candidateOnly − baselineOnly)/n, which depends on the discordant cells only.
 */
export interface PairedOutcomeTable {
  /** Both models right. */
  readonly bothCorrect: number;
  /** Candidate right, baseline wrong (an improvement flip). */
  readonly candidateOnly: number;
  /** Baseline right, candidate wrong (a regression flip). */
  readonly baselineOnly: number;
  /** Both models wrong. */
  readonly neither: number;
}

/**
 * Tallies per-example outcomes (1 = correct/passed, 0 = not) into the paired table. Any other
 * value, NaN included, is a caller error: outcomes are decided before statistics run.
 */
export function tallyPairedOutcomes(baseline: ArrayLike<number>, candidate: ArrayLike<number>): PairedOutcomeTable {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`paired outcomes differ in length: ${baseline.length} vs ${candidate.length}`);
  }
  const cells = [0, 0, 0, 0];
  for (let i = 0; i < baseline.length; i++) {
    const b = baseline[i] as number;
    const c = candidate[i] as number;
    if ((b !== 0 && b !== 1) || (c !== 0 && c !== 1)) {
      throw new RangeError(`outcome at row ${i} is not 0 or 1 (baseline ${b}, candidate ${c})`);
    }
    cells[b * 2 + c] = (cells[b * 2 + c] as number) + 1;
  }
  return {
    neither: cells[0] as number,
    candidateOnly: cells[1] as number,
    baselineOnly: cells[2] as number,
    bothCorrect: cells[3] as number,
  };
}

export function pairedTableSize(table: PairedOutcomeTable): number {
  return table.bothCorrect + table.candidateOnly + table.baselineOnly + table.neither;
}
