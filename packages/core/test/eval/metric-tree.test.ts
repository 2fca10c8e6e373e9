import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flattenMetrics, unflattenMetrics } from "../../src/eval/metric-tree.js";

const reject = (path: readonly string[], problem: string): never => {
  throw new Error(`${path.join(".")} ${problem}`);
};

/** Keys without dots, non-empty; subtrees non-empty (an empty mapping flattens to nothing). */
const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.includes("."));
const leaf = fc.double({ noNaN: true, noDefaultInfinity: true });
const tree = fc.letrec((tie) => ({
  node: fc.dictionary(key, fc.oneof({ depthSize: "small" }, leaf, tie("node")), { minKeys: 1, maxKeys: 4 }),
})).node;

describe("flattenMetrics", () => {
  it("round-trips: unflatten(flatten(tree)) is the tree", () => {
    fc.assert(
      fc.property(tree, (nested) => {
        expect(unflattenMetrics(flattenMetrics(nested, reject))).toEqual(nested);
      }),
    );
  });

  it("round-trips: flatten(unflatten(metrics)) is the metrics", () => {
    fc.assert(
      fc.property(tree, (nested) => {
        const flat = flattenMetrics(nested, reject);
        expect(flattenMetrics(unflattenMetrics(flat), reject)).toEqual(flat);
      }),
    );
  });

  it("joins nested keys with dots", () => {
    expect([...flattenMetrics({ latency: { p95: 40, p50: 12 }, accuracy: 0.9 }, reject)]).toEqual([
      ["latency.p95", 40],
      ["latency.p50", 12],
      ["accuracy", 0.9],
    ]);
  });

  it("keeps metrics named like Object.prototype members", () => {
    const flat = flattenMetrics(JSON.parse('{"__proto__": {"constructor": 1}}'), reject);
    expect(flat.get("__proto__.constructor")).toBe(1);
    expect(unflattenMetrics(flat)).toEqual(JSON.parse('{"__proto__": {"constructor": 1}}'));
  });

  it("rejects non-numeric leaves with the path to them", () => {
    for (const bad of ["0.9", true, null, [1], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => flattenMetrics({ a: { b: bad } }, reject)).toThrow(/^a\.b is /);
    }
  });
});
