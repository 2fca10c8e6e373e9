import type { Task } from "../eval/task.js";

/** The typed form of `.slipway.yml`; `packages/core/schema/slipway.schema.json` is its contract. */
export interface SlipwayConfig {
  readonly version: 1;
  readonly models?: readonly ModelConfig[];
  readonly data?: readonly DatasetConfig[];
  readonly gates?: readonly GateRuleConfig[];
  readonly statistics?: StatisticsConfig;
  readonly comment?: CommentConfig;
  readonly container?: ContainerConfig;
  readonly registry?: RegistryConfig;
  readonly environments?: readonly EnvironmentConfig[];
}

export type Paths = string | readonly string[];

export interface ModelConfig {
  readonly name: string;
  readonly task?: Task;
  readonly artifacts?: Paths;
  readonly candidate?: string;
  readonly baseline?: string | BaselineConfig;
  readonly threshold?: number;
  readonly gates?: readonly GateRuleConfig[];
  readonly comment_key?: string;
}

export interface BaselineConfig {
  readonly file?: string;
  readonly ref?: string;
  readonly path?: string;
  readonly alias?: string;
}

/** One rule of the gate policy, exactly as written by the user (SPEC §5). */
export interface GateRuleConfig {
  readonly metric: string;
  readonly slices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly max_drop?: number;
  readonly max_drop_pct?: number;
  readonly min_gain?: number;
  readonly max_gain_pct?: number;
  readonly direction?: "higher" | "lower";
  readonly confidence?: number;
  readonly min_slice_size?: number;
  readonly on_missing?: "fail" | "warn" | "ignore";
  readonly severity?: "fail" | "warn";
}

export interface StatisticsConfig {
  readonly resamples?: number;
  readonly seed?: number;
  readonly confidence?: number;
  readonly multiple_comparisons?: "holm" | "none";
}

export interface CommentConfig {
  readonly mode?: "auto" | "off" | "artifact";
  readonly max_examples?: number;
}

export interface DatasetConfig {
  readonly name: string;
  readonly path: Paths;
  readonly contract: string;
  readonly reference?: string;
  readonly format?: "csv" | "jsonl" | "parquet";
}

export interface ContainerConfig {
  readonly image?: string;
  readonly base?: string;
  readonly model?: Paths;
  readonly code?: string;
  readonly entrypoint?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly dockerfile?: string;
  readonly platforms?: readonly string[];
}

export interface RegistryConfig {
  readonly backend?: "git" | "oci" | "local";
  readonly branch?: string;
  readonly path?: string;
  readonly ref?: string;
}

export interface EnvironmentConfig {
  readonly name: string;
  readonly manifests?: Paths;
  readonly update?: readonly ManifestUpdateConfig[];
  readonly reviewers?: readonly string[];
  readonly labels?: readonly string[];
}

export interface ManifestUpdateConfig {
  readonly file: string;
  readonly kind: "kustomize-image" | "yaml-path" | "helm-values";
  readonly path?: string;
  readonly image?: string;
}
