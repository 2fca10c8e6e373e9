import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import {
  type Annotation,
  applyGatePolicy,
  compareEvaluations,
  type GatePolicy,
  type GateRuleConfig,
  gatePolicyFromRules,
  InputError,
  loadEvaluation,
  type ModelConfig,
  type ModelDiff,
  type PositionedYaml,
  pairEvaluations,
  parsePolicyFile,
  policyConfidenceLevels,
  type RefReader,
  readConfigText,
  readLocatedConfig,
  type SlipwayConfig,
  type Task,
} from "@slipway/core";
import { type BaselineChoice, chooseBaseline, describeBaseline } from "./baseline-choice.js";
import { binaryPairingOnThreads } from "./binary-pairing-on-threads.js";
import { prepareComparison } from "./comparison-on-threads.js";
import { materializeEvaluationAtRef } from "./evaluation-at-ref.js";
import { gateAnnotations } from "./gate-annotations.js";

export interface QualityGateRequest {
  /** The repository checkout; relative paths on the command line or in inputs resolve here. */
  readonly workspace: string;
  /** `.slipway.yml`, relative to the workspace; `required` when the user named it explicitly. */
  readonly config?: { readonly path: string; readonly required: boolean };
  /** Gate only this model of the config. */
  readonly model?: string;
  /** Candidate and baseline evaluation files, overriding the config. */
  readonly candidate?: string;
  readonly baseline?: string;
  /** A standalone policy file (`gates:`), overriding the config's rules. */
  readonly policy?: string;
  /** Task of prediction files given directly. */
  readonly task?: Task;
  /** The pull request's base ref, where the baseline is looked up by default. */
  readonly baseRef?: string;
  /** How to read files at a ref, tried in order (local git first, then the GitHub API). */
  readonly refReaders?: readonly RefReader[];
  /** A private directory for files recreated from a ref. */
  readonly scratchDir: string;
  /**
   * The running bundle, which large prediction files are read and compared on worker threads of
   * (none: everything on this thread).
   */
  readonly workerScript?: URL;
}

/** One gated model: its judged diff and where its comment goes. */
export interface GatedModel {
  readonly model: string;
  readonly commentKey: string;
  readonly diff: ModelDiff;
  /** Failed and warned rules, each at the line of the rule that judged it. */
  readonly annotations: readonly Annotation[];
}

/** A model to gate, with every path already resolved against where it was written. */
interface GateTarget {
  readonly name: string;
  readonly commentKey: string;
  readonly candidate: string;
  readonly baseline: BaselineChoice;
  readonly task: Task | undefined;
  readonly threshold: number | undefined;
  readonly rules: readonly GateRuleConfig[];
  /** Path of `rules` inside the config (`["gates"]` or `["models", 0, "gates"]`). */
  readonly rulesPath: readonly (string | number)[];
}

interface LoadedConfig {
  readonly config: SlipwayConfig;
  readonly document: PositionedYaml;
  readonly file: string;
}

function toRepoPath(workspace: string, path: string): string {
  return relative(workspace, path).split(sep).join("/");
}

async function loadConfig(request: QualityGateRequest): Promise<LoadedConfig | undefined> {
  if (!request.config) return undefined;
  const file = resolve(request.workspace, request.config.path);
  if (!existsSync(file)) {
    if (request.config.required) throw new InputError("no such configuration file", { file: request.config.path });
    return undefined;
  }
  const { config, document } = await readLocatedConfig(file, request.config.path);
  return { config, document, file };
}

function targetsFrom(request: QualityGateRequest, loaded: LoadedConfig | undefined): GateTarget[] {
  const inWorkspace = (p: string) => resolve(request.workspace, p);
  const configDir = loaded ? dirname(loaded.file) : request.workspace;
  const inConfig = (p: string) => (isAbsolute(p) ? p : resolve(configDir, p));
  const configName = loaded ? toRepoPath(request.workspace, loaded.file) : undefined;

  let models: readonly (ModelConfig & { readonly index?: number })[] = (loaded?.config.models ?? []).map(
    (model, index) => ({ ...model, index }),
  );
  if (request.model) {
    models = models.filter((m) => m.name === request.model);
    if (models.length === 0 && loaded) {
      throw new InputError(`has no model named "${request.model}"`, { file: configName ?? request.model });
    }
  }
  if (models.length === 0) {
    if (!request.candidate) {
      throw new InputError(
        loaded
          ? "names no models; add `models:` with a candidate, or pass a candidate file"
          : "nothing to gate: pass a candidate evaluation file, or add a .slipway.yml with `models:`",
        loaded ? { file: configName ?? "" } : undefined,
      );
    }
    // No config: the model is named by the request, else by the eval reports themselves.
    models = [{ name: request.model ?? "" }];
  }

  return models.map((model) => {
    const candidateFile = request.candidate
      ? inWorkspace(request.candidate)
      : model.candidate
        ? inConfig(model.candidate)
        : undefined;
    if (!candidateFile) {
      throw new InputError(`model "${model.name}" has no candidate; set models[].candidate or pass one`, {
        file: configName ?? "",
      });
    }
    const configured =
      typeof model.baseline === "string"
        ? inConfig(model.baseline)
        : model.baseline?.file
          ? { ...model.baseline, file: inConfig(model.baseline.file) }
          : model.baseline?.path
            ? { ...model.baseline, path: toRepoPath(request.workspace, inConfig(model.baseline.path)) }
            : model.baseline;
    const baseline = chooseBaseline({
      explicit: request.baseline ? inWorkspace(request.baseline) : undefined,
      configured,
      candidatePath: toRepoPath(request.workspace, candidateFile),
      baseRef: request.baseRef,
      configFile: configName,
    });
    const own = model.gates !== undefined && model.index !== undefined;
    const rules = model.gates ?? loaded?.config.gates ?? [];
    return {
      name: model.name,
      commentKey: model.comment_key ?? model.name,
      candidate: candidateFile,
      baseline,
      task: request.task ?? model.task,
      threshold: model.threshold,
      rules,
      rulesPath: own ? ["models", model.index as number, "gates"] : ["gates"],
    };
  });
}

async function baselineFile(target: GateTarget, request: QualityGateRequest): Promise<string | undefined> {
  const choice = target.baseline;
  if (choice.kind === "file") return choice.path;
  if (choice.kind === "alias") {
    throw new InputError(
      `model "${target.name}" takes its baseline from the registry alias "${choice.alias}", but no registry is configured yet; pass a baseline file`,
    );
  }
  const readers = request.refReaders ?? [];
  if (readers.length === 0) {
    throw new InputError(`the baseline is ${describeBaseline(choice)}, but no way to read files at a ref was given`);
  }
  const into = join(request.scratchDir, "baseline", choice.ref.replace(/[^A-Za-z0-9._-]/g, "_"));
  await mkdir(into, { recursive: true });
  for (const reader of readers) {
    const local = await materializeEvaluationAtRef(reader, choice.path, choice.ref, into);
    if (local) return local;
  }
  return undefined;
}

/** The readable name of a file for reports: relative to the workspace when inside it. */
function displayPath(workspace: string, file: string): string {
  const rel = relative(workspace, file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel.split(sep).join("/");
}

/**
 * The quality gate, end to end, for every model it is asked about: read the config, choose and
 * fetch each baseline, load and pair both evaluations, compare them with paired statistics and
 * judge the result with the policy. Pure of GitHub: posting is the caller's business.
 */
export async function runQualityGate(request: QualityGateRequest): Promise<GatedModel[]> {
  const loaded = await loadConfig(request);
  const targets = targetsFrom(request, loaded);
  let policyOverride: GatePolicy | undefined;
  if (request.policy) {
    policyOverride = parsePolicyFile(
      await readConfigText(resolve(request.workspace, request.policy), request.policy),
      request.policy,
    );
  }
  const statistics = loaded?.config.statistics;

  const results: GatedModel[] = [];
  for (const target of targets) {
    const document = loaded?.document;
    const policy =
      policyOverride ??
      gatePolicyFromRules(target.rules, (index, key) =>
        document?.locate([...target.rulesPath, index, ...(key ? [key] : [])]),
      );
    const baselinePath = await baselineFile(target, request);
    const baselineSource =
      target.baseline.kind === "file"
        ? displayPath(request.workspace, target.baseline.path)
        : describeBaseline(target.baseline);
    if (!baselinePath) {
      throw new InputError(
        `no baseline for model "${target.name}": ${baselineSource} does not exist (a new model?); pass a baseline file`,
      );
    }
    const options = {
      ...(target.task ? { task: target.task } : {}),
      ...(target.threshold !== undefined ? { threshold: target.threshold } : {}),
    };
    const [baseline, candidate] = await Promise.all([
      loadEvaluation(baselinePath, options),
      loadEvaluation(target.candidate, options),
    ]);
    const paired = await pairEvaluations(
      baseline,
      candidate,
      request.workerScript ? binaryPairingOnThreads(request.workerScript) : undefined,
    );
    const comparisonOptions = {
      baselineSource,
      candidateSource: displayPath(request.workspace, target.candidate),
      ...(target.name ? { model: target.name } : {}),
      extraConfidences: policyConfidenceLevels(policy),
      // Slice intervals that need an index bootstrap only where a rule judges them (see the option).
      sliceIndexBootstrap: policy.rules.filter((rule) => rule.slices !== null).map((rule) => rule.metric),
      ...(statistics?.confidence !== undefined ? { confidence: statistics.confidence } : {}),
      ...(statistics?.resamples !== undefined ? { resamples: statistics.resamples } : {}),
      ...(statistics?.seed !== undefined ? { seed: statistics.seed } : {}),
      ...(statistics?.multiple_comparisons ? { correction: statistics.multiple_comparisons } : {}),
    };
    const prepared =
      paired && request.workerScript
        ? await prepareComparison(request.workerScript, paired, comparisonOptions)
        : undefined;
    const diff = paired
      ? compareEvaluations(
          {
            kind: "predictions",
            paired,
            reports: { baseline: baseline.report, candidate: candidate.report },
            ...(prepared ? { prepared } : {}),
          },
          comparisonOptions,
        )
      : compareEvaluations(
          { kind: "reports", baseline: requireReport(baseline), candidate: requireReport(candidate) },
          comparisonOptions,
        );
    const judged = applyGatePolicy(diff, policy);
    results.push({
      model: judged.model ?? "model",
      commentKey: target.commentKey || (judged.model ?? "model"),
      diff: judged,
      annotations: gateAnnotations(judged, policy),
    });
  }
  return results;
}

function requireReport<T extends { report: unknown; source: string }>(evaluation: T): NonNullable<T["report"]> {
  if (!evaluation.report) {
    throw new InputError("has per-example predictions but the other side has none; compare like with like", {
      file: evaluation.source,
    });
  }
  return evaluation.report as NonNullable<T["report"]>;
}
