import {
  type ComparisonOptions,
  type GroupKernelInput,
  type GroupKernels,
  groupKernels,
  type PairedPredictions,
  type PreparedComparison,
  prepareComparisonOnThreads,
} from "@slipway/core";
import { isWorkerOutOfMemory, runWorkerTask } from "./worker-tasks.js";

/** Below this many paired examples a worker thread's start costs more than the half it would take. */
const THREADED_PAIRS = 500_000;

/** What a worker thread is given: the groupings it takes (or a queue of them), over columns in shared memory. */
export interface GroupKernelsTask {
  readonly input: GroupKernelInput;
  readonly first: number;
  readonly last: number;
  readonly queue: Int32Array | null;
}

/**
 * The passes over the examples of a large binary comparison, split between this thread and a
 * worker thread started from `script` (see `prepareComparisonOnThreads`); undefined when they
 * would not pay (fewer than `minPairs` examples), or the columns are not in shared memory (a copy
 * would cost more than it saves).
 */
export async function prepareComparison(
  script: URL,
  paired: PairedPredictions,
  options: ComparisonOptions,
  minPairs = THREADED_PAIRS,
): Promise<PreparedComparison | undefined> {
  if (paired.n < minPairs || !inSharedMemory(paired)) return undefined;
  return prepareComparisonOnThreads(paired, options, async (input, first, last, queue) => {
    try {
      return await runWorkerTask<GroupKernels, "group-kernels">(script, "group-kernels", { input, first, last, queue })
        .answer;
    } catch (error) {
      // This thread computes what the worker did not.
      if (isWorkerOutOfMemory(error)) return null;
      throw error;
    }
  });
}

/** The worker's side of "group-kernels". */
export async function groupKernelsTask(task: GroupKernelsTask): Promise<GroupKernels> {
  return groupKernels(task.input, task.first, task.last, task.queue);
}

function inSharedMemory(paired: PairedPredictions): boolean {
  const columns = [
    paired.baseline.prediction,
    paired.candidate.prediction,
    paired.baseline.score,
    paired.candidate.score,
  ];
  return columns.every((column) => column === null || column.buffer instanceof SharedArrayBuffer);
}
