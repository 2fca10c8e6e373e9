import type { MessagePort } from "node:worker_threads";
import {
  type CsvBatchParts,
  csvBatchFromParts,
  csvBatchParts,
  type TableBatch,
  type TableFormat,
  type TableHeader,
  tableFormatFromPath,
} from "@slipway/core";
import type { DatasetFiles } from "./dataset-files.js";
import { type BatchConsumer, type DatasetProgress, readDatasetOnce, type TableRead } from "./dataset-pass.js";

/**
 * One read of a CSV dataset shared by the column groups on worker threads. Splitting CSV text
 * into fields is a third of what a group does, and every group had to do all of it, since a
 * column's cells can only be found by stepping over the fields before them. Now one more thread
 * reads and scans each file once and posts every group, over a port of its own, its batches as
 * the chunk's text and the bounds of the cells (in shared memory); the group cuts its own cells
 * from them, the same strings a read of its own would have made. Copying a chunk's text to a
 * thread costs a fifth of scanning it. The read runs on a worker, not on the main thread, so that
 * its garbage is held to a worker's heap limits like the groups'.
 *
 * Messages for one file, in order: its header, its batches, its end.
 */
export type SharedCsvMessage =
  | { readonly header: TableHeader }
  | { readonly batch: CsvBatchParts }
  | { readonly end: true };

/**
 * Batches a thread may be sent before it has dealt with them, beyond which the read waits: about
 * 3 MB of text a group. With 4, threads sharing two cores kept waiting on each other (1 GB of CSV:
 * 14.8 s; 12.6 s with 32, 12.4 s and 30 MB more memory with 64).
 */
const BATCHES_AHEAD = 32;
/**
 * A group says how many batches it has dealt with every this many, not after each: a message is
 * work for both threads, and the read's pace only needs to know roughly.
 */
const ANSWER_EVERY = 8;

/** Whether every file of the dataset is read as CSV, so that one shared read serves every group. */
export function isCsvDataset(dataset: DatasetFiles, format: TableFormat | undefined): boolean {
  return dataset.files.every((file) => (format ?? tableFormatFromPath(file)) === "csv");
}

/** The reading thread's task: the dataset, and a port to each group with the columns it checks. */
export interface SharedCsvReadTask {
  readonly dataset: DatasetFiles;
  readonly groups: readonly { readonly columns: readonly string[]; readonly port: MessagePort }[];
}

/**
 * Reads every file once and feeds each group its batches over its port; a group answers with
 * how many batches it has dealt with, every few, and a group whose thread stopped closes its port.
 */
export async function readSharedCsv(
  task: SharedCsvReadTask,
  onProgress?: (progress: DatasetProgress) => void,
): Promise<void> {
  const fanOut = new CsvFanOut(
    task.groups.map((group) => ({ columns: group.columns, post: (message) => group.port.postMessage(message) })),
  );
  for (const [t, group] of task.groups.entries()) {
    group.port.on("message", (batches: number) => fanOut.consumed(t, batches));
    group.port.on("close", () => fanOut.drop(t));
  }
  // The ports stay open until each group closes its end, having taken every message.
  await readDatasetOnce(task.dataset, [fanOut], {
    columns: task.groups.flatMap((group) => group.columns),
    format: "csv",
    pace: () => fanOut.pace(),
    ...(onProgress ? { onProgress } : {}),
  });
}

/**
 * A group's side of a shared read: each file's header and batches, from its port. The group closes
 * the port when it has read every file.
 */
export function sharedCsvRead(port: MessagePort): TableRead {
  const queued: SharedCsvMessage[] = [];
  let waiting: ((message: SharedCsvMessage) => void) | undefined;
  port.on("message", (message: SharedCsvMessage) => {
    if (waiting === undefined) queued.push(message);
    else {
      const wake = waiting;
      waiting = undefined;
      wake(message);
    }
  });
  const next = (): Promise<SharedCsvMessage> => {
    const message = queued.shift();
    if (message !== undefined) return Promise.resolve(message);
    return new Promise((resolve) => {
      waiting = resolve;
    });
  };
  let unanswered = 0;
  return async (file, options) => {
    const first = await next();
    if (!("header" in first) || first.header.file !== file) throw new Error(`shared read out of step at ${file}`);
    options.onHeader?.(first.header);
    for (;;) {
      const message = await next();
      if ("end" in message) return first.header;
      if (!("batch" in message)) throw new Error(`shared read out of step in ${file}`);
      options.onBatch(csvBatchFromParts(file, message.batch));
      // Counted over the whole dataset, so the batches of small files are answered too.
      unanswered += 1;
      if (unanswered === ANSWER_EVERY) {
        port.postMessage(unanswered);
        unanswered = 0;
      }
    }
  };
}

/** A thread that takes part in a shared read. */
interface SharedReadTarget {
  /** The columns it checks, which are the only ones it is sent. */
  readonly columns: readonly string[];
  post(message: SharedCsvMessage): void;
}

/**
 * The reading thread's side: a consumer of the read that posts every target its share of each
 * batch, and paces the read so that no target falls more than a few batches behind (or the
 * batches waiting for it would hold the file in memory).
 */
class CsvFanOut implements BatchConsumer {
  private readonly targets: readonly SharedReadTarget[];
  private readonly outstanding: number[];
  private readonly live: boolean[];
  private waiting: (() => void) | undefined;

  constructor(targets: readonly SharedReadTarget[]) {
    this.targets = targets;
    this.outstanding = targets.map(() => 0);
    this.live = targets.map(() => true);
  }

  beginFile(header: TableHeader): void {
    this.each((target) => target.post({ header }));
  }

  addBatch(batch: TableBatch): void {
    this.each((target, t) => {
      const parts = csvBatchParts(batch, target.columns);
      if (parts === undefined) throw new Error(`batch of ${batch.locate(0).file} was not read as CSV`);
      target.post({ batch: parts });
      this.outstanding[t] = (this.outstanding[t] as number) + 1;
    });
  }

  endFile(): void {
    this.each((target) => target.post({ end: true }));
  }

  /** For ReadTableOptions.pace: a promise while some target is too far behind. */
  pace(): Promise<void> | undefined {
    if (!this.behind()) return undefined;
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Target `t` has dealt with `batches` more batches. */
  consumed(t: number, batches: number): void {
    this.outstanding[t] = (this.outstanding[t] as number) - batches;
    this.wakeIfCaughtUp();
  }

  /** Target `t` stopped (it failed): it is sent nothing more and no longer holds the read back. */
  drop(t: number): void {
    this.live[t] = false;
    this.wakeIfCaughtUp();
  }

  private behind(): boolean {
    return this.outstanding.some((n, t) => this.live[t] && n >= BATCHES_AHEAD);
  }

  private wakeIfCaughtUp(): void {
    if (this.waiting === undefined || this.behind()) return;
    const wake = this.waiting;
    this.waiting = undefined;
    wake();
  }

  private each(send: (target: SharedReadTarget, t: number) => void): void {
    for (const [t, target] of this.targets.entries()) if (this.live[t]) send(target, t);
  }
}
