import {
  type BinarySideColumns,
  type BinarySideRequest,
  type BinarySidesReader,
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
 * Reads the two sides of a binary pairing at the same time, each on a worker thread started from
 * `script` (the running bundle). Each side's columns come back with their buffers transferred,
 * not copied. A side whose thread outgrows its heap is read again on this thread. Below `minRows`
 * rows in all, both are read here.
 */
export function binarySidesOnThreads(script: URL, minRows = THREADED_ROWS): BinarySidesReader {
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
