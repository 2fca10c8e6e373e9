import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError, type SourceLocation } from "../errors/input-error.js";
import { decodeUtf8File } from "../tabular/utf8-text.js";
import { describeValue, quoteName } from "../tabular/value-text.js";
import { flattenMetrics, isMapping } from "./metric-tree.js";
import {
  type MetricsFormat,
  metricsFormatFromPath,
  type PositionedDocument,
  parseMetricsDocument,
} from "./metrics-document.js";
import { isTask, TASKS, type Task } from "./task.js";

/** The `schema` value that marks a Slipway eval report. */
export const EVAL_REPORT_SCHEMA = "slipway/eval@1";

const REPORT_KEYS = ["schema", "model", "task", "metrics", "slices", "predictions", "meta"] as const;

/**
 * One model's evaluation as read from a file: a Slipway eval report (`schema: slipway/eval@1`)
 * or a plain nested metrics file (DVC style). Metric names are dotted paths (`latency.p95`).
 * Maps rather than plain objects, so a metric may be called `constructor` or `__proto__`.
 */
export interface EvalReport {
  readonly source: string;
  readonly kind: "slipway-eval" | "metrics";
  readonly model: string | undefined;
  readonly task: Task | undefined;
  /** Where the report names its task, for errors about it. */
  readonly taskLocation: SourceLocation | undefined;
  readonly metrics: ReadonlyMap<string, number>;
  /** Slice name (`region=eu`) → dotted metric name → value. */
  readonly slices: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The per-example predictions path or glob, resolved against the report's own folder. */
  readonly predictions: string | undefined;
  /** Where the report names its predictions, for errors about that path. */
  readonly predictionsLocation: SourceLocation | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface ReadEvalFileOptions {
  /** Overrides the format the extension names (`.json`, `.yaml`/`.yml`, `.toml`). */
  readonly format?: MetricsFormat;
}

/** Reads a metrics file or an eval report; any problem is an InputError naming file and line. */
export async function readEvalFile(path: string, options: ReadEvalFileOptions = {}): Promise<EvalReport> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    throw new InputError("does not exist or cannot be read; expected an eval report or a metrics file", {
      file: path,
    });
  }
  const text = decodeUtf8File(bytes, path);
  return parseEvalReport(text, path, options.format ?? metricsFormatFromPath(path) ?? sniffMetricsFormat(text));
}

/** For an unfamiliar extension: JSON when the text opens with `{` or `[`, YAML otherwise. */
function sniffMetricsFormat(text: string): MetricsFormat {
  const first = text.trimStart()[0];
  return first === "{" || first === "[" ? "json" : "yaml";
}

/** Parses the text of a metrics file or an eval report (pure: `file` is used for messages and paths). */
export function parseEvalReport(text: string, file: string, format: MetricsFormat): EvalReport {
  if (text.trim() === "") {
    throw new InputError("is empty; expected an eval report or a mapping of metric names to numbers", {
      file,
      line: 1,
    });
  }
  const doc = parseMetricsDocument(text, file, format);
  const root = doc.value;
  if (!isMapping(root)) {
    throw new InputError(`holds ${describeValue(root)}; expected a mapping of metric names to numbers`, {
      file,
      line: 1,
    });
  }
  if (Object.hasOwn(root, "schema")) return readReport(doc, root);
  const metrics = flattenMetrics(root, rejectAt(doc));
  if (metrics.size === 0) {
    throw new InputError("holds no metrics; expected at least one metric name with a number", { file, line: 1 });
  }
  return {
    source: file,
    kind: "metrics",
    model: undefined,
    task: undefined,
    taskLocation: undefined,
    metrics,
    slices: new Map(),
    predictions: undefined,
    predictionsLocation: undefined,
    meta: {},
  };
}

function readReport(doc: PositionedDocument, root: Record<string, unknown>): EvalReport {
  const { file } = doc;
  if (root.schema !== EVAL_REPORT_SCHEMA) {
    throw new InputError(
      `has schema ${describeValue(root.schema)}; expected "${EVAL_REPORT_SCHEMA}"`,
      doc.locate(["schema"]),
    );
  }
  for (const key of Object.keys(root)) {
    if (!(REPORT_KEYS as readonly string[]).includes(key)) {
      throw new InputError(
        `has the unknown key ${quoteName(key)}; expected only ${REPORT_KEYS.join(", ")} in a ${EVAL_REPORT_SCHEMA} report`,
        doc.locate([key]),
      );
    }
  }
  const { model, task, predictions, meta } = root;
  if (model !== undefined && (typeof model !== "string" || model === "")) {
    throw new InputError(`has model ${describeValue(model)}; expected the model's name as text`, doc.locate(["model"]));
  }
  if (task !== undefined && !isTask(task)) {
    throw new InputError(
      `has the unknown task ${describeValue(task)}; expected one of ${TASKS.join(", ")}`,
      doc.locate(["task"]),
    );
  }
  if (predictions !== undefined && (typeof predictions !== "string" || predictions.trim() === "")) {
    throw new InputError(
      `has predictions ${describeValue(predictions)}; expected a path or glob of per-example prediction files`,
      doc.locate(["predictions"]),
    );
  }
  if (meta !== undefined && !isMapping(meta)) {
    throw new InputError(`has meta ${describeValue(meta)}; expected a mapping`, doc.locate(["meta"]));
  }
  const reject = rejectAt(doc);
  const metrics =
    root.metrics === undefined ? new Map<string, number>() : flattenMetrics(root.metrics, reject, ["metrics"]);
  const slices = new Map<string, ReadonlyMap<string, number>>();
  if (root.slices !== undefined) {
    if (!isMapping(root.slices)) {
      throw new InputError(
        `has slices ${describeValue(root.slices)}; expected a mapping of slice name to metrics`,
        doc.locate(["slices"]),
      );
    }
    for (const [name, sliceMetrics] of Object.entries(root.slices)) {
      slices.set(name, flattenMetrics(sliceMetrics, reject, ["slices", name]));
    }
  }
  if (metrics.size === 0 && slices.size === 0 && predictions === undefined) {
    throw new InputError(
      "has no metrics, slices or predictions; expected at least one of them",
      doc.locate(["schema"]),
    );
  }
  return {
    source: file,
    kind: "slipway-eval",
    model: model as string | undefined,
    task: task as Task | undefined,
    taskLocation: task === undefined ? undefined : doc.locate(["task"]),
    metrics,
    slices,
    predictions: predictions === undefined ? undefined : resolve(dirname(file), predictions as string),
    predictionsLocation: predictions === undefined ? undefined : doc.locate(["predictions"]),
    meta: (meta as Record<string, unknown> | undefined) ?? {},
  };
}

function rejectAt(doc: PositionedDocument) {
  return (path: readonly string[], problem: string): never => {
    const name = path.length === 0 ? "the document" : `${path.join(".")}`;
    throw new InputError(`${quoteName(name)} ${problem}`, doc.locate(path));
  };
}
