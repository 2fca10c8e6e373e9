import { InputError } from "../errors/input-error.js";
import { tableFormatFromPath } from "../tabular/table-format.js";
import type { BinaryPairingThreads } from "./binary-file-pairing.js";
import { type EvalReport, readEvalFile } from "./eval-report.js";
import { loadPairedPredictions } from "./pair-predictions.js";
import type { PairedPredictions } from "./paired-predictions.js";
import { resolvePredictionFiles } from "./prediction-files.js";
import type { Task } from "./task.js";

export interface LoadEvaluationOptions {
  /** Overrides the report's task, and names the task of a bare predictions file. */
  readonly task?: Task;
  /** Binary threshold for predictions without a `prediction` column. Default 0.5. */
  readonly threshold?: number;
}

/** One side of a comparison, from whatever file the user pointed at. */
export interface Evaluation {
  readonly source: string;
  readonly kind: "slipway-eval" | "metrics" | "predictions";
  /** The report or metrics read from the file; null for a bare predictions file. */
  readonly report: EvalReport | null;
  /** The explicit task, else the report's; undefined means "infer from the predictions". */
  readonly task: Task | undefined;
  readonly threshold: number | undefined;
  /** Path or glob of the per-example predictions, when there are any. */
  readonly predictions: string | undefined;
  /** The files `predictions` names (checked to exist), in shard order. */
  readonly predictionFiles: readonly string[];
}

/**
 * Opens an evaluation: a predictions file or glob (by extension: .csv, .jsonl, .ndjson,
 * .parquet), else an eval report or a metrics file (JSON, YAML, TOML; an unknown extension is
 * read as JSON when it opens with `{`, as YAML otherwise). A report's predictions path is
 * resolved and checked here; the rows are read later, when the two sides are paired.
 */
export async function loadEvaluation(path: string, options: LoadEvaluationOptions = {}): Promise<Evaluation> {
  if (tableFormatFromPath(path) !== undefined) {
    return {
      source: path,
      kind: "predictions",
      report: null,
      task: options.task,
      threshold: options.threshold,
      predictions: path,
      predictionFiles: await resolvePredictionFiles(path),
    };
  }
  const report = await readEvalFile(path);
  let predictionFiles: string[] = [];
  if (report.predictions !== undefined) {
    try {
      predictionFiles = await resolvePredictionFiles(report.predictions);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(
        `names predictions at ${report.predictions}, which ${error.detail.replace(/;.*$/, "")}; expected per-example predictions there`,
        report.predictionsLocation ?? { file: path },
      );
    }
  }
  return {
    source: path,
    kind: report.kind,
    report,
    task: options.task ?? report.task,
    threshold: options.threshold,
    predictions: report.predictions,
    predictionFiles,
  };
}

/**
 * Pairs the per-example predictions of two evaluations, or returns null when either has none.
 * Two declared tasks that differ are an error naming both files.
 */
export async function pairEvaluations(
  baseline: Evaluation,
  candidate: Evaluation,
  threads?: BinaryPairingThreads,
): Promise<PairedPredictions | null> {
  if (baseline.task !== undefined && candidate.task !== undefined && baseline.task !== candidate.task) {
    throw new InputError(
      `declares the task ${candidate.task} but the baseline ${baseline.source} declares ${baseline.task}; expected the same task`,
      candidate.report?.taskLocation ?? { file: candidate.source },
    );
  }
  if (baseline.predictions === undefined || candidate.predictions === undefined) return null;
  const task = candidate.task ?? baseline.task;
  const threshold = candidate.threshold ?? baseline.threshold;
  return loadPairedPredictions(baseline.predictions, candidate.predictions, {
    ...(task !== undefined ? { task } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(threads !== undefined ? { threads } : {}),
  });
}
