import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import {
  type Annotation,
  type ContractCheckResult,
  contractAnnotations,
  type DataContract,
  type DatasetProfile,
  type DriftReport,
  detectDrift,
  diffContracts,
  digestDataset,
  driftResult,
  InputError,
  overallResult,
  parseContract,
  parseProfile,
  type RefReader,
  readContract,
  renderValidationReport,
  type TableFormat,
  VALIDATION_SCHEMA,
  type ValidationContractChanges,
  type ValidationDriftSummary,
  type ValidationFile,
  type ValidationReport,
  type Violation,
  worstResult,
} from "@slipway/core";
import { isWorkerOutOfMemory, type RunningTask, runWorkerTask } from "../worker-tasks.js";
import {
  type ColumnGroupResult,
  type ColumnGroupTask,
  checkColumnGroup,
  combineColumnGroups,
} from "./column-group-pass.js";
import { planColumnGroups } from "./column-groups.js";
import { driftPolicyFromContract } from "./contract-drift-policy.js";
import { type DatasetFiles, displayPath, resolveDatasetFiles } from "./dataset-files.js";
import type { DatasetProgress } from "./dataset-pass.js";
import { isCsvDataset } from "./shared-csv-read.js";

/** Where the contract to compare with comes from: a file, or the same path at a git ref. */
export type BaseContractSource =
  | { readonly file: string }
  | { readonly ref: string; readonly refReaders: readonly RefReader[] };

export interface ValidateDataRequest {
  /** The repository checkout: reports and annotations name files relative to it. */
  readonly workspace: string;
  /** Where `data`, `contract`, `reference` and a base contract file are relative to (default: workspace). */
  readonly baseDir?: string;
  /** A file, a glob or a directory of shards, or a list of them. */
  readonly data: string | readonly string[];
  readonly contract: string;
  /** A `slipway/profile@1` reference for drift. */
  readonly reference?: string;
  readonly baseContract?: BaseContractSource;
  /** The dataset's name in reports (default: the data paths as given). */
  readonly name?: string;
  /** The format of every file, when the extensions do not say. */
  readonly format?: TableFormat;
  readonly onProgress?: (progress: DatasetProgress) => void;
  /** Longest Markdown, in characters (default: the renderer's). */
  readonly markdownBudget?: number;
  /** How many threads check the columns (default: this one only). */
  readonly threads?: ValidationThreads;
}

/**
 * Threads for a validation: the contract's columns are split into groups (docs/contracts.md#large-datasets-and-threads),
 * each read and checked on a thread of its own, and the findings combined; the report is the same
 * whatever the count.
 */
export interface ValidationThreads {
  /** "auto": one group per core (at most 4) when the dataset is large enough to gain from it. */
  readonly count: number | "auto";
  /**
   * The running bundle, which starts again as a worker thread for each group (see
   * serveWorkerTask). Without it the groups run one after another on this thread.
   */
  readonly script?: URL;
}

/** Below this many bytes a worker thread's start-up costs more than the thread saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_AUTO_THREADS = 4;

export interface DataValidation {
  readonly report: ValidationReport;
  /** Each failed rule on its contract line; each drifted column on its drift rule's line. */
  readonly annotations: readonly Annotation[];
  readonly markdown: string;
  /** The profile of the monitored columns, when a reference was given. */
  readonly profile: DatasetProfile | undefined;
}

/**
 * Validates one dataset end to end: finds its files, checks them against the contract while
 * profiling the monitored columns in the same single pass, compares the profile with the
 * reference, hashes the files for the dataset digest (concurrently with the pass), and lists how
 * the contract changed from its base. Every path in the result is shown relative to the workspace.
 */
export async function validateData(request: ValidateDataRequest): Promise<DataValidation> {
  const baseDir = request.baseDir ?? request.workspace;
  const show = (path: string) => displayPath(request.workspace, path);
  const contractFile = resolve(baseDir, request.contract);
  const contract = await loadContract(contractFile, show(contractFile));
  const referenceName = request.reference === undefined ? undefined : show(resolve(baseDir, request.reference));
  const reference =
    request.reference === undefined
      ? undefined
      : await loadProfile(resolve(baseDir, request.reference), referenceName as string);
  const changes = request.baseContract ? await contractChanges(request.baseContract, contract, baseDir, show) : null;
  const dataset = await resolveDatasetFiles(baseDir, request.data);

  const { policy, columns: monitored } = driftPolicyFromContract(contract);
  const profiled = reference ? monitored : undefined;
  const [pass, digest] = await Promise.all([
    relocating(dataset, show, () => checkInGroups(contract, dataset, profiled, request)),
    relocating(dataset, show, () => digestDataset(dataset.root, dataset.files)),
  ]);
  const checked = pass.check.finish();

  let drift: DriftReport | undefined;
  if (reference && pass.profile) {
    const wanted = new Set(monitored);
    const referenceMonitored = { ...reference, columns: reference.columns.filter((c) => wanted.has(c.name)) };
    drift = driftOrContractError(contract, () =>
      detectDrift(referenceMonitored, pass.profile as DatasetProfile, policy),
    );
  }
  const driftSummary: ValidationDriftSummary | null =
    drift === undefined
      ? null
      : {
          reference: referenceName as string,
          compared: drift.rows.length,
          drifted_columns: drift.rows.filter((row) => row.drifted).length,
          share: drift.share,
          share_threshold: drift.shareThreshold,
          drifted: drift.drifted,
          reference_only: drift.referenceOnly,
          current_only: drift.currentOnly,
        };

  const hashedByFile = new Map(digest.files.map((f) => [resolve(dataset.root, f.path), f]));
  const files: ValidationFile[] = dataset.files.map((file, index) => {
    const hashed = hashedByFile.get(file);
    if (hashed === undefined) throw new Error(`no digest for ${file}`);
    return { ...hashed, file: show(file), rows: pass.rows[index] ?? 0 };
  });
  const violations = checked.violations.map((violation) => showViolation(violation, show));
  const notes = [...checked.notes];
  if (reference && drift && driftSummary && driftSummary.reference_only.length > 0) {
    notes.push(`monitored columns missing from the data, not compared: ${driftSummary.reference_only.join(", ")}`);
  }
  if (reference && driftSummary && driftSummary.current_only.length > 0) {
    notes.push(`monitored columns the reference profile lacks, not compared: ${driftSummary.current_only.join(", ")}`);
  }
  const report: ValidationReport = {
    schema: VALIDATION_SCHEMA,
    result: worstResult([overallResult(violations), driftResult(driftSummary)]),
    rows: checked.rows,
    violations,
    drift: drift?.rows ?? [],
    digest: digest.digest,
    dataset: request.name ?? (typeof request.data === "string" ? request.data : request.data.join(" ")),
    contract: contract.file,
    files,
    drift_summary: driftSummary,
    contract_changes: changes?.changes ?? null,
    notes: [...notes, ...(changes?.notes ?? [])],
  };
  const annotations = [
    ...contractAnnotations(contract, { ...checked, violations } satisfies ContractCheckResult),
    ...driftAnnotations(contract, report),
  ];
  return {
    report,
    annotations,
    markdown: renderValidationReport(
      report,
      request.markdownBudget === undefined ? {} : { budget: request.markdownBudget },
    ),
    profile: pass.profile,
  };
}

/** The contract checks and the profile, over as many column groups as the request's threads allow. */
async function checkInGroups(
  contract: DataContract,
  dataset: DatasetFiles,
  profiled: readonly string[] | undefined,
  request: ValidateDataRequest,
): Promise<ReturnType<typeof combineColumnGroups>> {
  const groups = planColumnGroups(contract, threadCount(request.threads, dataset));
  const tasks: ColumnGroupTask[] = groups.map((columns) => ({
    contract,
    dataset,
    columns,
    profile: profiled === undefined ? undefined : profiled.filter((name) => columns.includes(name)),
    ...(request.format ? { format: request.format } : {}),
  }));
  const script = request.threads?.script;
  let results: ColumnGroupResult[];
  if (script === undefined || tasks.length === 1) {
    results = [];
    // Progress follows the first group: every group reads every file.
    for (const [index, task] of tasks.entries()) {
      results.push(await checkColumnGroup(task, index === 0 ? request.onProgress : undefined));
    }
  } else {
    // A record too long for the shared read's heap ends it; each group then reads for itself.
    const shared = isCsvDataset(dataset, request.format)
      ? await checkInSharedCsvRead(script, tasks, request).catch((error: unknown) => {
          if (isWorkerOutOfMemory(error)) return undefined;
          throw error;
        })
      : undefined;
    results = shared ?? (await checkInOwnReads(script, tasks, request));
  }
  return combineColumnGroups(contract, results, profiled);
}

/** The groups on worker threads, each reading the files for itself (progress follows the first). */
function checkInOwnReads(
  script: URL,
  tasks: readonly ColumnGroupTask[],
  request: ValidateDataRequest,
): Promise<ColumnGroupResult[]> {
  const running = tasks.map((task, index) =>
    runWorkerTask<ColumnGroupResult>(script, "column-group", task, index === 0 ? request.onProgress : undefined),
  );
  return allAnswers(running, tasks);
}

/**
 * The groups on worker threads, fed by one read of the CSV files on a thread of its own (which
 * reports the progress), each over a channel of its own.
 */
async function checkInSharedCsvRead(
  script: URL,
  tasks: readonly ColumnGroupTask[],
  request: ValidateDataRequest,
): Promise<ColumnGroupResult[]> {
  const channels = tasks.map(() => new MessageChannel());
  const running = tasks.map((task, index) => {
    const port = (channels[index] as MessageChannel).port1;
    return runWorkerTask<ColumnGroupResult>(script, "shared-column-group", { ...task, shared: port }, undefined, [
      port,
    ]);
  });
  const ports = channels.map((channel) => channel.port2);
  const reader = runWorkerTask<void>(
    script,
    "shared-csv-read",
    {
      dataset: (tasks[0] as ColumnGroupTask).dataset,
      groups: tasks.map((task, index) => ({ columns: task.columns, port: ports[index] as MessagePort })),
    },
    request.onProgress,
    ports,
  );
  try {
    return await allAnswers(running, tasks, [reader.answer]);
  } finally {
    reader.stop();
  }
}

/**
 * The answers of the groups on worker threads, once `alongside` (the shared read that feeds them)
 * is done too. A group that outgrew its worker's heap runs again here, reading for itself;
 * on any other failure every worker is stopped and the first failure thrown.
 */
async function allAnswers(
  running: readonly RunningTask<ColumnGroupResult>[],
  tasks: readonly ColumnGroupTask[],
  alongside: readonly Promise<unknown>[] = [],
): Promise<ColumnGroupResult[]> {
  const answers = running.map((worker, index) =>
    worker.answer.catch((error: unknown) => {
      if (!isWorkerOutOfMemory(error)) throw error;
      return checkColumnGroup(tasks[index] as ColumnGroupTask);
    }),
  );
  try {
    await Promise.all([...alongside, ...answers]);
    return await Promise.all(answers);
  } catch (error) {
    for (const task of running) task.stop();
    throw error;
  }
}

function threadCount(threads: ValidationThreads | undefined, dataset: DatasetFiles): number {
  if (threads === undefined) return 1;
  if (threads.count !== "auto") return Math.max(1, Math.floor(threads.count));
  const bytes = dataset.sizes.reduce((sum, n) => sum + n, 0);
  return bytes < PARALLEL_MIN_BYTES ? 1 : Math.min(MAX_AUTO_THREADS, availableParallelism());
}

async function loadContract(file: string, shown: string): Promise<DataContract> {
  try {
    return { ...(await readContract(file)), file: shown };
  } catch (error) {
    throw relocated(error, new Map([[file, shown]]));
  }
}

async function loadProfile(file: string, shown: string): Promise<DatasetProfile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InputError("does not exist or cannot be read; expected a reference profile (slipway/profile@1)", {
      file: shown,
    });
  }
  return parseProfile(text, shown);
}

async function contractChanges(
  source: BaseContractSource,
  contract: DataContract,
  baseDir: string,
  show: (path: string) => string,
): Promise<{ changes: ValidationContractChanges | null; notes: string[] }> {
  if ("file" in source) {
    const file = resolve(baseDir, source.file);
    const base = await loadContract(file, show(file));
    return { changes: { base: base.file, changes: diffContracts(base, contract) }, notes: [] };
  }
  const name = `${contract.file}@${source.ref}`;
  if (isAbsolute(contract.file)) return { changes: null, notes: [] };
  for (const reader of source.refReaders) {
    const bytes = await reader.readFile(contract.file, source.ref);
    if (bytes === undefined) continue;
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
      return { changes: { base: name, changes: diffContracts(parseContract(text, name), contract) }, notes: [] };
    } catch (error) {
      // The base is not this change's to fix: say so and carry on.
      const why = error instanceof InputError ? error.message : "it is not valid UTF-8";
      return {
        changes: null,
        notes: [`the contract at ${source.ref} could not be read (${why}); rule changes are not listed`],
      };
    }
  }
  return { changes: null, notes: [`${contract.file} does not exist at ${source.ref}: the contract is new`] };
}

/** Reader errors name files by absolute path; reports name them as the user does. */
async function relocating<T>(dataset: DatasetFiles, show: (path: string) => string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw relocated(error, new Map(dataset.files.map((file) => [file, show(file)])));
  }
}

function relocated(error: unknown, names: ReadonlyMap<string, string>): unknown {
  if (!(error instanceof InputError) || error.location === undefined) return error;
  const shown = names.get(error.location.file);
  return shown === undefined ? error : new InputError(error.detail, { ...error.location, file: shown });
}

/** A drift rule that does not fit its column (`ks` on text) is a contract error at that rule. */
function driftOrContractError(contract: DataContract, run: () => DriftReport): DriftReport {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InputError) || error.location !== undefined) throw error;
    const column = contract.columns.find((c) => error.detail.includes(`column "${c.name}"`) && c.drift);
    const at = column?.drift?.at;
    throw new InputError(error.detail, { file: contract.file, ...(at ? { line: at.line, column: at.column } : {}) });
  }
}

function showViolation(violation: Violation, show: (path: string) => string): Violation {
  return {
    ...violation,
    examples: violation.examples.map((example) => ({
      ...example,
      file: show(example.file),
      ...(example.duplicate_of
        ? { duplicate_of: { ...example.duplicate_of, file: show(example.duplicate_of.file) } }
        : {}),
    })),
    ...(violation.files ? { files: violation.files.map(show) } : {}),
  };
}

/** Each drifted column, at its drift rule (or its column, when the rule is the default). */
function driftAnnotations(contract: DataContract, report: ValidationReport): Annotation[] {
  const summary = report.drift_summary;
  if (summary === null) return [];
  return report.drift
    .filter((row) => row.drifted)
    .map((row) => {
      const column = contract.columns.find((c) => c.name === row.column);
      const at = column?.drift?.at ?? column?.at;
      const pValue = row.method === "ks" || row.method === "chi2";
      const value = row.value === null ? "no values on one side" : `${row.method} ${formatValue(row.value)}`;
      const comparison = row.value === null ? "" : ` ${pValue ? "<" : "≥"} ${row.threshold}`;
      return {
        level: summary.drifted ? "error" : "warning",
        title: `Data drift: ${row.column}`,
        message: `"${row.column}" drifted from ${summary.reference}: ${value}${comparison}${
          summary.drifted
            ? `; ${summary.drifted_columns} of ${summary.compared} columns drifted, at or above the share ${summary.share_threshold}`
            : ""
        }`,
        file: contract.file,
        ...(at ? { line: at.line, column: at.column } : {}),
      } satisfies Annotation;
    });
}

function formatValue(value: number): string {
  return Math.abs(value) >= 0.001 || value === 0 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}
