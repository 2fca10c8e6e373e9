import type { Decision } from "./model-diff.js";

const RANK: Record<Decision, number> = { pass: 0, warn: 1, fail: 2 };

/** The decision of several gates together: the most severe one (pass when there are none). */
export function worstDecision(decisions: Iterable<Decision>): Decision {
  let worst: Decision = "pass";
  for (const decision of decisions) if (RANK[decision] > RANK[worst]) worst = decision;
  return worst;
}
