import { describeValue } from "../tabular/value-text.js";

/** Nested metrics as written in a file: `{ latency: { p95: 12.5 } }`. */
export interface MetricTree {
  readonly [key: string]: number | MetricTree;
}

/** Called with the path to a leaf that is not a finite number and what is wrong with it. */
export type RejectMetric = (path: readonly string[], problem: string) => never;

/**
 * Flattens nested metrics to dotted keys (`latency.p95`), in file order. Every leaf must be a
 * finite number; anything else (a string, a boolean, null, a list, NaN, ±Infinity) goes to
 * `reject`, as does a dotted key that two paths would both produce (`a.b` written both as
 * `{"a.b": 1}` and as `{a: {b: 2}}`). An empty nested mapping contributes nothing.
 */
export function flattenMetrics(
  tree: unknown,
  reject: RejectMetric,
  prefix: readonly string[] = [],
): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (node: unknown, path: readonly string[]): void => {
    if (isMapping(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
      return;
    }
    const problem = metricValueProblem(node);
    if (problem !== undefined) reject(path, problem);
    const key = path.slice(prefix.length).join(".");
    if (out.has(key)) {
      reject(path, `names the metric ${JSON.stringify(key)} a second time; expected each dotted name once`);
    }
    out.set(key, node as number);
  };
  if (!isMapping(tree)) reject(prefix, `is ${describeValue(tree)}; expected a mapping of metric names to numbers`);
  walk(tree, prefix);
  return out;
}

/** The inverse of {@link flattenMetrics} for keys without empty segments. */
export function unflattenMetrics(metrics: ReadonlyMap<string, number>): MetricTree {
  const root: Record<string, unknown> = {};
  for (const [key, value] of metrics) {
    const segments = key.split(".");
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (isMapping(next)) {
        node = next;
      } else {
        const created: Record<string, unknown> = {};
        Object.defineProperty(node, segment, { value: created, enumerable: true, writable: true, configurable: true });
        node = created;
      }
    }
    Object.defineProperty(node, segments[segments.length - 1] as string, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return root as MetricTree;
}

/** Why a value cannot be a metric, or undefined when it is a finite number. */
export function metricValueProblem(value: unknown): string | undefined {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "is NaN; expected a finite number";
    if (!Number.isFinite(value)) return `is ${value > 0 ? "" : "negative "}infinity; expected a finite number`;
    return undefined;
  }
  return `is ${describeValue(value)}; expected a number`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
