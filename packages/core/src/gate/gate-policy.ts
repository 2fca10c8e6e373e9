import type { GateRuleConfig } from "../config/slipway-config.js";
import { InputError, type SourceLocation } from "../errors/input-error.js";
import { METRIC_DEFINITIONS } from "../metrics/metric-catalog.js";

export type Direction = "higher" | "lower";

/**
 * One gate rule, resolved: defaults applied and the metric's direction known wherever a relative
 * condition needs it. Semantics of every field: docs/gates.md.
 */
export interface GateRule {
  readonly metric: string;
  /** Slice globs (`region=*`); null means the rule applies to the overall row only. */
  readonly slices: readonly string[] | null;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly maxDrop: number | undefined;
  readonly maxDropPct: number | undefined;
  readonly minGain: number | undefined;
  readonly maxGainPct: number | undefined;
  /** Which way is better: the rule's own, else the metric catalog's; undefined only when no relative condition needs it. */
  readonly direction: Direction | undefined;
  /** Judge relative conditions on the paired delta's interval at this level; undefined = on the point estimate. */
  readonly confidence: number | undefined;
  readonly minSliceSize: number | undefined;
  readonly onMissing: "fail" | "warn" | "ignore";
  readonly severity: "fail" | "warn";
  /** Where the rule was written, for messages. */
  readonly location: SourceLocation | undefined;
}

export interface GatePolicy {
  readonly rules: readonly GateRule[];
}

const CONDITIONS = ["min", "max", "max_drop", "max_drop_pct", "min_gain", "max_gain_pct"] as const;
const RELATIVE = ["max_drop", "max_drop_pct", "min_gain", "max_gain_pct"] as const;

/**
 * The direction the metric catalog gives a metric name, whatever the task (the catalog agrees
 * across tasks: `accuracy` is higher-is-better everywhere); `recall.<class>` included.
 */
export function catalogDirection(metric: string): Direction | undefined {
  for (const definition of METRIC_DEFINITIONS) {
    if (definition.perClass) {
      const prefix = definition.name.slice(0, -"<class>".length);
      if (metric.startsWith(prefix) && metric.length > prefix.length) return definition.direction;
    } else if (definition.name === metric) {
      return definition.direction;
    }
  }
  return undefined;
}

/**
 * Locates a rule or one of its keys for error messages: `(index)` is the rule, `(index, key)` the
 * key inside it. Without one, messages name the rule by its position.
 */
export type RuleLocator = (index: number, key?: string) => SourceLocation | undefined;

/**
 * The policy from the rules of `.slipway.yml` or a policy file (already schema-valid). Throws an
 * InputError for what the schema cannot say: a rule with no condition, min above max, and a
 * relative condition on a metric whose direction is unknown. That last one is an error, not a
 * default: assuming "higher is better" for `latency.p95` would pass a slower model and fail a
 * faster one, silently.
 */
export function gatePolicyFromRules(
  rules: readonly GateRuleConfig[],
  locate: RuleLocator = () => undefined,
): GatePolicy {
  return {
    rules: rules.map((rule, index): GateRule => {
      const at = (key?: string): SourceLocation | undefined => locate(index, key);
      const where = (key?: string): SourceLocation => at(key) ?? { file: `gates[${index}]` };
      if (!CONDITIONS.some((c) => rule[c] !== undefined)) {
        throw new InputError(
          `gate rule for "${rule.metric}" sets no condition; expected at least one of ${CONDITIONS.join(", ")}`,
          where(),
        );
      }
      if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
        throw new InputError(`gate rule for "${rule.metric}" has min ${rule.min} above max ${rule.max}`, where("min"));
      }
      const relative = RELATIVE.filter((c) => rule[c] !== undefined);
      const direction = rule.direction ?? catalogDirection(rule.metric);
      if (relative.length > 0 && direction === undefined) {
        throw new InputError(
          `gate rule for "${rule.metric}" uses ${relative.join(", ")}, which needs to know whether higher or lower is better, and "${rule.metric}" is not a metric Slipway knows; add direction: higher or direction: lower`,
          where("metric"),
        );
      }
      return {
        metric: rule.metric,
        slices: rule.slices === undefined ? null : [...rule.slices],
        min: rule.min,
        max: rule.max,
        maxDrop: rule.max_drop,
        maxDropPct: rule.max_drop_pct,
        minGain: rule.min_gain,
        maxGainPct: rule.max_gain_pct,
        direction,
        confidence: rule.confidence,
        minSliceSize: rule.min_slice_size,
        onMissing: rule.on_missing ?? "fail",
        severity: rule.severity ?? "fail",
        location: at(),
      };
    }),
  };
}

/** The confidence levels the policy's rules ask for, to compute intervals at (`extraConfidences`). */
export function policyConfidenceLevels(policy: GatePolicy): number[] {
  const levels: number[] = [];
  for (const rule of policy.rules) {
    if (rule.confidence !== undefined && !levels.includes(rule.confidence)) levels.push(rule.confidence);
  }
  return levels;
}
