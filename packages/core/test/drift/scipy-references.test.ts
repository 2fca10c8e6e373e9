import { describe, expect, it } from "vitest";
import { chiSquareSurvival } from "../../src/drift/chi-square-distribution.js";
import { chiSquareHomogeneity } from "../../src/drift/chi-square-test.js";
import { detectColumnDrift } from "../../src/drift/detect-drift.js";
import { sampleDistribution } from "../../src/drift/empirical-distribution.js";
import { jensenShannonDistance } from "../../src/drift/jensen-shannon-distance.js";
import { kolmogorovSmirnovTest, kolmogorovSurvival } from "../../src/drift/kolmogorov-smirnov.js";
import { lInfinityDistance } from "../../src/drift/l-infinity-distance.js";
import { populationStabilityIndex } from "../../src/drift/population-stability-index.js";
import { wassersteinDistance } from "../../src/drift/wasserstein-distance.js";
import { profileOf } from "../profile/batch-of.js";
import { loadDriftFixture } from "./load-fixture.js";

interface NumericCase {
  name: string;
  reference: number[];
  current: number[];
  expected: {
    ks_statistic: number;
    ks_p_value: number;
    wasserstein: number;
    reference_std: number;
    wasserstein_normed: number;
  };
}

interface CategoricalCase {
  name: string;
  reference: number[];
  current: number[];
  expected: {
    jensen_shannon: number;
    chi_square_statistic: number;
    chi_square_p_value: number;
    chi_square_dof: number;
    l_infinity: number;
    psi: number;
  };
}

interface Distributions {
  kolmogorov: { lambda: number; survival: number }[];
  chi_square_survival: { x: number; dof: number; survival: number }[];
}

const numeric = loadDriftFixture<{ cases: NumericCase[] }>("numeric.json").cases;
const categorical = loadDriftFixture<{ cases: CategoricalCase[] }>("categorical.json").cases;
const distributions = loadDriftFixture<Distributions>("distributions.json");

/** |actual − expected| ≤ absolute + relative·|expected|. */
function expectClose(actual: number | null | undefined, expected: number, relative = 1e-9, absolute = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  const tolerance = absolute + relative * Math.abs(expected);
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

const ascending = (values: number[]): number[] => [...values].sort((a, b) => a - b);

describe("numeric drift measures agree with SciPy", () => {
  it.each(numeric)("KS statistic and exact p-value match ks_2samp(method='exact'): $name", (c) => {
    const test = kolmogorovSmirnovTest(
      sampleDistribution(ascending(c.reference)),
      sampleDistribution(ascending(c.current)),
      true,
    );
    expectClose(test?.statistic, c.expected.ks_statistic, 1e-12);
    expect(test?.exact).toBe(true);
    expectClose(test?.pValue, c.expected.ks_p_value, 1e-10, 1e-15);
  });

  it.each(numeric)("Wasserstein-1 matches wasserstein_distance: $name", (c) => {
    const distance = wassersteinDistance(
      sampleDistribution(ascending(c.reference)),
      sampleDistribution(ascending(c.current)),
    );
    expectClose(distance, c.expected.wasserstein, 1e-11);
  });

  it.each(numeric)("profiles of the samples give SciPy's KS p-value and normed Wasserstein: $name", (c) => {
    const reference = profileOf({ x: c.reference }).columns[0]!;
    const current = profileOf({ x: c.current }).columns[0]!;
    const drift = detectColumnDrift(reference, current, { kind: "numeric" });
    expect(drift.exact).toBe(true);
    expectClose(drift.measures.ks, c.expected.ks_p_value, 1e-10, 1e-15);
    expectClose(drift.measures.ks_statistic, c.expected.ks_statistic, 1e-12);
    expectClose(drift.measures.wasserstein, c.expected.wasserstein_normed, 1e-9);
    // At most 1,000 values on the smaller side: the default decision is the KS test at alpha 0.05.
    expect(drift.method).toBe("ks");
    expect(drift.drifted).toBe(c.expected.ks_p_value < 0.05);
  });
});

describe("categorical drift measures agree with SciPy", () => {
  it.each(categorical)("Jensen–Shannon distance matches jensenshannon(base=2): $name", (c) => {
    expectClose(jensenShannonDistance(c.reference, c.current), c.expected.jensen_shannon, 1e-9, 1e-8);
  });

  it.each(categorical)("chi-square matches chi2_contingency(correction=False): $name", (c) => {
    const test = chiSquareHomogeneity(c.reference, c.current);
    expectClose(test?.statistic, c.expected.chi_square_statistic, 1e-10);
    expect(test?.dof).toBe(c.expected.chi_square_dof);
    expectClose(test?.pValue, c.expected.chi_square_p_value, 1e-8, 1e-15);
  });

  it.each(categorical)("L-infinity distance and PSI match the formulas in numpy: $name", (c) => {
    expectClose(lInfinityDistance(c.reference, c.current), c.expected.l_infinity, 1e-12);
    expectClose(populationStabilityIndex(c.reference, c.current), c.expected.psi, 1e-10);
  });

  it.each(categorical)("profiles of the category columns give the same values: $name", (c) => {
    const expand = (counts: number[]): string[] =>
      counts.flatMap((count, k) => new Array<string>(count).fill(`category ${k}`));
    const reference = profileOf({ x: expand(c.reference) }).columns[0]!;
    const current = profileOf({ x: expand(c.current) }).columns[0]!;
    const drift = detectColumnDrift(reference, current);
    expect(drift.kind).toBe("categorical");
    expectClose(drift.measures.jensen_shannon, c.expected.jensen_shannon, 1e-9, 1e-8);
    expectClose(drift.measures.chi2, c.expected.chi_square_p_value, 1e-8, 1e-15);
    expectClose(drift.measures.linf, c.expected.l_infinity, 1e-12);
    expectClose(drift.measures.psi, c.expected.psi, 1e-10);
  });
});

describe("distribution functions agree with SciPy", () => {
  it.each(distributions.kolmogorov)("Kolmogorov survival at λ = $lambda matches scipy.special.kolmogorov", (p) => {
    expectClose(kolmogorovSurvival(p.lambda), p.survival, 1e-10, 1e-15);
  });

  it.each(distributions.chi_square_survival)("chi-square survival at x = $x, dof = $dof matches chi2.sf", (p) => {
    expectClose(chiSquareSurvival(p.x, p.dof), p.survival, 1e-10, 1e-15);
  });
});
