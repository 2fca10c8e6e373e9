import {
  type BaselineRowFinder,
  type BaselineRows,
  type BinaryPairingThreads,
  type BinarySideColumns,
  type BinarySideRequest,
  type BinarySidesReader,
  baselineRowsFor,
  findBaselineRowsHere,
  type HashedIds,
  hashedIdRange,
  type IndexedSide,
  lookUpBaselineRows,
  readBinarySide,
  readBinarySidesHere,
} from "@slipway/core";
import { isWorkerOutOfMemory, type RunningTask, runWorkerTask } from "./worker-tasks.js";

/**
 * Below this many rows in all, the two sides are read on this thread: starting a worker thread
 * (parsing the bundle again) costs more than reading a few hundred thousand rows.
 */
const THREADED_ROWS = 400_000;

/**
 * A worker thread takes this share of the candidate rows to look up: it starts (parses the
 * bundle) while this thread looks its own share up, so it gets a little less.
 */
const WORKER_LOOKUP_SHARE = 0.45;

/**
 * A binary pairing on worker threads started from `script` (the running bundle): the two sides
 * read at the same time, then the candidate rows looked up on this thread and a worker at once.
 * Below `minRows` rows in all, everything runs on this thread.
 */
export function binaryPairingOnThreads(script: URL, minRows = THREADED_ROWS): BinaryPairingThreads {
  return { readSides: binarySidesOnThreads(script, minRows), findRows: baselineRowsOnThreads(script, minRows) };
}

/**
 * Reads the two sides of a binary pairing at the same time, each on a worker thread. Each side's
 * columns come back with their buffers transferred, not copied. A side whose thread outgrows its
 * heap is read again on this thread.
 */
function binarySidesOnThreads(script: URL, minRows: number): BinarySidesReader {
  return async (baseline, candidate) => {
    if (baseline.expectedRows + candidate.expectedRows < minRows) {
      return readBinarySidesHere(baseline, candidate);
    }
    const tasks = [baseline, candidate].map((request) =>
      runWorkerTask<BinarySideColumns | null, "binary-side">(script, "binary-side", request),
    );
    try {
      const [base, cand] = await Promise.all([
        sideAnswer(tasks[0] as RunningTask<BinarySideColumns | null>, baseline),
        sideAnswer(tasks[1] as RunningTask<BinarySideColumns | null>, candidate),
      ]);
      return [base, cand];
    } catch (error) {
      for (const task of tasks) task.stop();
      throw error;
    }
  };
}

async function sideAnswer(
  task: RunningTask<BinarySideColumns | null>,
  request: BinarySideRequest,
): Promise<BinarySideColumns | undefined> {
  try {
    return (await task.answer) ?? undefined;
  } catch (error) {
    if (isWorkerOutOfMemory(error)) return readBinarySide(request);
    throw error;
  }
}

/**
 * Looks the candidate rows up in the baseline (its ids, index and columns in shared memory) on
 * this thread and a worker at the same time: the worker is given its rows' ids as a copy of their
 * own, and writes what it finds into the shared answer.
 */
function baselineRowsOnThreads(script: URL, minRows: number): BaselineRowFinder {
  return async (baseline, candidate) => {
    const columns = [baseline.idBytes, baseline.idEnds, baseline.indexSlots, baseline.label, baseline.prediction];
    const shared = [...columns, baseline.score ?? baseline.label].every(
      (array) => array !== null && array.buffer instanceof SharedArrayBuffer,
    );
    if (baseline.n + candidate.n < minRows || !shared) return findBaselineRowsHere(baseline, candidate);
    const split = Math.floor(candidate.n * (1 - WORKER_LOOKUP_SHARE));
    const rest = hashedIdRange(candidate, split, candidate.n);
    const into = baselineRowsFor(candidate.n, baseline.score !== null);
    const task: BaselineRowsTask = { baseline: indexedSide(baseline), candidate: rest, into, at: split };
    const running = runWorkerTask<null, "baseline-rows">(
      script,
      "baseline-rows",
      task,
      undefined,
      hashedIdBuffers(rest),
    );
    try {
      lookUpBaselineRows(baseline, candidate, 0, split, into, 0);
      await workerDone(running.answer, () => lookUpBaselineRows(baseline, candidate, split, candidate.n, into, split));
    } catch (error) {
      running.stop();
      throw error;
    }
    return into;
  };
}

/** What a lookup worker is given: the baseline, shared; its own candidate rows; where to write. */
export interface BaselineRowsTask {
  readonly baseline: IndexedSide;
  readonly candidate: HashedIds;
  readonly into: BaselineRows;
  readonly at: number;
}

/** The worker's side of "baseline-rows". */
export async function baselineRowsTask(task: BaselineRowsTask): Promise<null> {
  lookUpBaselineRows(task.baseline, task.candidate, 0, task.candidate.n, task.into, task.at);
  return null;
}

/** Waits for a worker's rows, or looks them up here (`here`) when it outgrew its heap. */
async function workerDone(answer: Promise<null>, here: () => void): Promise<void> {
  try {
    await answer;
  } catch (error) {
    if (!isWorkerOutOfMemory(error)) throw error;
    here();
  }
}

/** Only what a lookup reads of the baseline goes to the worker (not its slice columns). */
function indexedSide(baseline: IndexedSide): IndexedSide {
  const { n, idBytes, idEnds, indexSlots, label, prediction, score } = baseline;
  return { n, idBytes, idEnds, indexSlots, label, prediction, score };
}

function hashedIdBuffers(ids: HashedIds): ArrayBuffer[] {
  return [ids.idBytes, ids.idEnds, ids.idHashes].flatMap((array) =>
    array !== null && array.buffer instanceof ArrayBuffer ? [array.buffer] : [],
  );
}

/** The worker's side of "binary-side": undefined (the general reader is needed) crosses as null. */
export async function readBinarySideTask(request: BinarySideRequest): Promise<BinarySideColumns | null> {
  return (await readBinarySide(request)) ?? null;
}

/** The buffers of a side's columns, moved to the thread that asked rather than copied. */
export function sideBuffers(side: BinarySideColumns | null): ArrayBuffer[] {
  if (side === null) return [];
  const views = [
    side.idBytes,
    side.idEnds,
    side.idHashes,
    side.indexSlots,
    side.label,
    side.prediction,
    side.score,
    ...side.slices.map((slice) => slice.codes),
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) if (view !== null && view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  return [...buffers];
}
